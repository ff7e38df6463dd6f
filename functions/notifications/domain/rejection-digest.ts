/** The per-upload digest of image rejections: how many, and which reason codes (codes only, bounded length). */
import type { TemplateValues } from '../../../schemas/notifications/v1/notification.fields.ts';

const MAX_REASONS_LENGTH = 200;

export function addRejection(
  values: TemplateValues | undefined,
  uploadId: string,
  reason: string,
): TemplateValues {
  const count = Number(values?.count ?? 0) + 1;
  const reasons = new Set(
    String(values?.reasons ?? '')
      .split(', ')
      .filter(Boolean),
  );
  reasons.add(reason);
  let listed = [...reasons].sort().join(', ');
  if (listed.length > MAX_REASONS_LENGTH) listed = `${listed.slice(0, MAX_REASONS_LENGTH - 1)}…`;
  return { uploadId, count, reasons: listed };
}
