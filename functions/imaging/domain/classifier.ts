/**
 * The classifier (seed 004): normalizes Body Part Examined, or the sidecar's body part, onto the platform's
 * small region taxonomy and routes the image to a dataset category `<region>/<modality>`.
 */
import type { z } from 'zod';
import type { Region } from '../../../schemas/imaging/v1/image.fields.ts';

export type RegionCode = z.infer<typeof Region>;

// DICOM PS3.16 CID 4031 terms and common English/Spanish names, already folded by `fold`.
const TERMS: Record<RegionCode, readonly string[]> = {
  head: [
    'HEAD',
    'BRAIN',
    'SKULL',
    'FACE',
    'ORBIT',
    'SINUS',
    'IAC',
    'JAW',
    'TMJ',
    'CABEZA',
    'CRANEO',
    'CEREBRO',
  ],
  neck: ['NECK', 'THYROID', 'LARYNX', 'CUELLO', 'TIROIDES'],
  chest: ['CHEST', 'LUNG', 'THORAX', 'RIB', 'STERNUM', 'TORAX', 'PULMON', 'PECHO'],
  breast: ['BREAST', 'MAMA', 'SENO'],
  heart: ['HEART', 'CARDIAC', 'CORONARYARTERY', 'CORAZON'],
  abdomen: ['ABDOMEN', 'LIVER', 'KIDNEY', 'PANCREAS', 'STOMACH', 'GALLBLADDER', 'HIGADO', 'RINON'],
  pelvis: ['PELVIS', 'HIP', 'BLADDER', 'PROSTATE', 'UTERUS', 'OVARY', 'CADERA', 'VEJIGA'],
  spine: ['SPINE', 'CSPINE', 'TSPINE', 'LSPINE', 'SSPINE', 'COCCYX', 'SACRUM', 'COLUMNA'],
  upper_limb: [
    'SHOULDER',
    'ARM',
    'ELBOW',
    'FOREARM',
    'WRIST',
    'HAND',
    'FINGER',
    'CLAVICLE',
    'UPPEREXTREMITY',
    'HOMBRO',
    'BRAZO',
    'CODO',
    'MUNECA',
    'MANO',
  ],
  lower_limb: [
    'LEG',
    'KNEE',
    'ANKLE',
    'FOOT',
    'TOE',
    'FEMUR',
    'THIGH',
    'LOWEREXTREMITY',
    'PIERNA',
    'RODILLA',
    'TOBILLO',
    'PIE',
  ],
  whole_body: ['WHOLEBODY', 'CUERPOENTERO'],
  unknown: [],
};

const LOOKUP = new Map<string, RegionCode>(
  (Object.entries(TERMS) as [RegionCode, readonly string[]][]).flatMap(([region, terms]) =>
    terms.map((t) => [t, region] as const),
  ),
);

/** Upper case, accents and separators removed: `Tórax`, `C-SPINE`, `whole body` → `TORAX`, `CSPINE`, `WHOLEBODY`. */
export const fold = (term: string) =>
  term
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

export interface Classification {
  region: RegionCode;
  /** The folded DICOM-style term the region came from (at most 16 characters, like the CS value). */
  bodyPart?: string;
  modality: string;
  category: string;
}

/** Classifies from the image's own Body Part Examined first, then the sidecar's; unknown terms give `unknown`. */
export function classify(input: {
  bodyPart?: string;
  sidecarBodyPart?: string;
  modality?: string;
}): Classification {
  const modality = input.modality && /^[A-Z0-9_]{1,16}$/.test(input.modality) ? input.modality : 'OT';
  for (const raw of [input.bodyPart, input.sidecarBodyPart]) {
    if (!raw) continue;
    const term = fold(raw);
    const region = LOOKUP.get(term);
    if (region) return { region, bodyPart: term.slice(0, 16), modality, category: `${region}/${modality}` };
  }
  return { region: 'unknown', modality, category: `unknown/${modality}` };
}
