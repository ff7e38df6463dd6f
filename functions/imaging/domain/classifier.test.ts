import { describe, expect, it } from 'vitest';
import { classify } from './classifier.ts';

describe('the region classifier', () => {
  it.each([
    ['CHEST', 'chest'],
    ['LSPINE', 'spine'],
    ['C-SPINE', 'spine'],
    ['Tórax', 'chest'],
    ['whole body', 'whole_body'],
    ['KNEE', 'lower_limb'],
    ['Muñeca', 'upper_limb'],
  ])('maps %s to %s', (term, region) => {
    expect(classify({ bodyPart: term, modality: 'CR' }).region).toBe(region);
  });

  it('prefers the image’s own body part, falls back to the sidecar, then to unknown', () => {
    expect(classify({ bodyPart: 'HEAD', sidecarBodyPart: 'chest' }).region).toBe('head');
    expect(classify({ bodyPart: 'ZZZ', sidecarBodyPart: 'chest' }).region).toBe('chest');
    expect(classify({ bodyPart: 'Juan Perez' })).toEqual({
      region: 'unknown',
      modality: 'OT',
      category: 'unknown/OT',
    });
  });

  it('routes to a dataset category and never keeps an unrecognised term', () => {
    expect(classify({ bodyPart: 'abdomen', modality: 'CT' })).toEqual({
      region: 'abdomen',
      bodyPart: 'ABDOMEN',
      modality: 'CT',
      category: 'abdomen/CT',
    });
  });
});
