/** ClinicalResultRecorded (Pub/Sub) — tells the owning center a result was recorded (ids only, never the text). */
import { ClinicalResultRecordedV1 } from '../../../schemas/results/v1/clinical-result.events.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['results.events'].carries, ClinicalResultRecordedV1, (d) => ({
  recipientId: `center:${d.centerId}`,
  template: 'result-recorded',
  values: { resultId: d.resultId },
}));
