/** The anatomical-region taxonomy, as plain data: the API's `Region` and the console's filter share it. */
export const REGIONS = [
  'head',
  'neck',
  'chest',
  'breast',
  'heart',
  'abdomen',
  'pelvis',
  'spine',
  'upper_limb',
  'lower_limb',
  'whole_body',
  'unknown',
] as const;
