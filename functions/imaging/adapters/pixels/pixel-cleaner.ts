/** The instance's Clean Pixel Data: the tesseract.js OCR and the dcmjs-codecs frame codecs, each loaded once. */
import type { PixelCleaner } from '../../domain/pixels/pixel-ports.ts';
import { dcmjsFrameCodec } from './dcmjs-frame-codec.ts';
import { tesseractTextFinder } from './tesseract-text-finder.ts';

export const pixelCleaner: PixelCleaner = { text: tesseractTextFinder, codec: dcmjsFrameCodec };

export { stopTextFinder } from './tesseract-text-finder.ts';
