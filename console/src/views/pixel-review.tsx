/**
 * Privacy officer: the pixel review of one held image. Its first frame (`GET /quarantine/{id}/frame`, read
 * with the officer's token, never cached) is shown with the boxes where the OCR saw text (dashed) and the
 * regions to fill drawn over it; a region is dragged on the frame, typed in pixels (keyboard), or taken
 * from the OCR's boxes. Then publish with those regions filled (none: approve as it is) or discard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Props {
  api: Api;
  imageId: string;
  /** Where the OCR saw text when it held the image (absent when no OCR ran). */
  boxes?: readonly Region[];
  onPublish: (regions: Region[]) => void;
  onDiscard: () => void;
  onClose: () => void;
}

const ordered = (a: { x: number; y: number }, b: { x: number; y: number }): Region => ({
  x0: Math.min(a.x, b.x),
  y0: Math.min(a.y, b.y),
  x1: Math.max(a.x, b.x),
  y1: Math.max(a.y, b.y),
});

export function PixelReview({ api, imageId, boxes = [], onPublish, onDiscard, onClose }: Props) {
  const [src, setSrc] = useState<string | undefined>();
  const [size, setSize] = useState<{ width: number; height: number } | undefined>();
  const [regions, setRegions] = useState<Region[]>([]);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } }>();
  const [error, setError] = useState<string | undefined>();
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    let url: string | undefined;
    void (async () => {
      const res = await fetch(`${api.base}/quarantine/${imageId}/frame`, {
        headers: { Authorization: `Bearer ${await api.token()}`, Accept: 'image/png' },
        cache: 'no-store',
      });
      if (!res.ok) return setError(`HTTP ${res.status}`);
      url = URL.createObjectURL(await res.blob());
      setSrc(url);
    })().catch((e: unknown) => setError(String(e)));
    return () => url && URL.revokeObjectURL(url);
  }, [imageId]);

  /** A pointer position in the frame's own pixels. */
  const at = (e: PointerEvent) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || !size) return { x: 0, y: 0 };
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max - 1, Math.floor(v)));
    return {
      x: clamp(((e.clientX - box.left) / box.width) * size.width, size.width),
      y: clamp(((e.clientY - box.top) / box.height) * size.height, size.height),
    };
  };
  const rect = (r: Region, key: string, cls: string) => (
    <rect key={key} class={cls} x={r.x0} y={r.y0} width={r.x1 - r.x0 + 1} height={r.y1 - r.y0 + 1} />
  );

  return (
    <section class="pixel-review" aria-labelledby="pixel-review-title" data-testid="pixel-review">
      <h3 id="pixel-review-title">
        {t('pixelReview')} {imageId.slice(0, 8)}
      </h3>
      <Alert message={error} />
      {src && (
        <div class="frame">
          <img
            src={src}
            alt={t('heldFrame')}
            onLoad={(e) => {
              const img = e.currentTarget as HTMLImageElement;
              setSize({ width: img.naturalWidth, height: img.naturalHeight });
            }}
          />
          {size && (
            <svg
              ref={svg}
              role="img"
              aria-label={t('regions')}
              viewBox={`0 0 ${size.width} ${size.height}`}
              preserveAspectRatio="none"
              onPointerDown={(e) => {
                (e.currentTarget as Element).setPointerCapture(e.pointerId);
                const p = at(e);
                setDrag({ from: p, to: p });
              }}
              onPointerMove={(e) => drag && setDrag({ ...drag, to: at(e) })}
              onPointerUp={() => {
                if (drag) setRegions([...regions, ordered(drag.from, drag.to)]);
                setDrag(undefined);
              }}
            >
              {boxes.map((r, i) => rect(r, `ocr-${String(i)}`, 'ocr'))}
              {regions.map((r, i) => rect(r, String(i), 'region'))}
              {drag && rect(ordered(drag.from, drag.to), 'drag', 'region drawing')}
            </svg>
          )}
        </div>
      )}
      {size && (
        <p>
          {size.width} × {size.height} px
        </p>
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          const n = (k: string) => Number(f.get(k));
          setRegions([...regions, ordered({ x: n('x0'), y: n('y0') }, { x: n('x1'), y: n('y1') })]);
        }}
      >
        {(['x0', 'y0', 'x1', 'y1'] as const).map((k) => (
          <label key={k}>
            {k} <input name={k} type="number" min={0} max={65535} required size={5} />
          </label>
        ))}{' '}
        <button type="submit">{t('addRegion')}</button>
      </form>
      {boxes.length > 0 && (
        <p>
          {t('ocrBoxes')}: {boxes.length}{' '}
          <button
            type="button"
            data-action="use-ocr-boxes"
            onClick={() => setRegions([...regions, ...boxes])}
          >
            {t('useOcrBoxes')}
          </button>
        </p>
      )}
      <ul data-testid="regions">
        {regions.map((r, i) => (
          <li key={`${r.x0}-${r.y0}-${r.x1}-${r.y1}-${String(i)}`}>
            ({r.x0}, {r.y0}) – ({r.x1}, {r.y1}){' '}
            <button type="button" onClick={() => setRegions(regions.filter((_, j) => j !== i))}>
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" data-action="publish-reviewed" onClick={() => onPublish(regions)}>
          {regions.length > 0 ? t('publishWithRegions') : t('approveAsIs')}
        </button>{' '}
        <button type="button" onClick={onDiscard}>
          {t('discard')}
        </button>{' '}
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
      </p>
    </section>
  );
}
