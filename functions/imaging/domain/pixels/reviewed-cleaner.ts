/**
 * A person's pixel review as a pixel cleaner: they read the frames, so no OCR runs; the regions they chose
 * (with the device's mask regions) are filled on every frame, and nothing is left for a second look to
 * find. With no regions and no matching masks the image is published as it is.
 */
import type { PixelCleaner } from './pixel-ports.ts';
import type { Box } from './text-box.ts';

/** Nobody's OCR: the reviewer read the frames. */
const NO_TEXT: PixelCleaner['text'] = { find: async () => [] };

export const reviewedCleaner = (cleaner: PixelCleaner, regions: readonly Box[]): PixelCleaner => ({
  ...cleaner,
  text: NO_TEXT,
  regions: [...(cleaner.regions ?? []), ...regions],
});
