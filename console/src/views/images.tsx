/**
 * The images a user may read (`GET /images`, already limited to the client's grant): filters, a thumbnail
 * per image (WADO-RS `rendered` for DICOM, the signed download for JPEG/PNG), its metadata, and a download.
 */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { REGIONS } from '../../../schemas/imaging/v1/regions.ts';
import { type Api, ApiError } from '../api.ts';
import { lang, t } from '../i18n.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface Image {
  imageId: string;
  modality: string;
  region: string;
  centerCode: string;
  format: 'dicom' | 'jpeg' | 'png';
  category: string;
  ingestedAt: string;
  bytes: number;
  bodyPart?: string;
  pathology?: string;
  patientToken?: string;
  dicom?: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string };
}

const PAGE = 50;

/** A thumbnail fetched with the user's token (an <img> cannot send one), shown from a blob URL. */
function Thumbnail({ api, image }: { api: Api; image: Image }) {
  const [src, setSrc] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    (async () => {
      if (image.dicom) {
        const d = image.dicom;
        const res = await fetch(
          `${api.base}/dicomweb/studies/${d.studyInstanceUid}/series/${d.seriesInstanceUid}/instances/${d.sopInstanceUid}/rendered`,
          { headers: { Authorization: `Bearer ${await api.token()}`, Accept: 'image/jpeg' } },
        );
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        url = URL.createObjectURL(await res.blob());
        if (live) setSrc(url);
      } else if (image.format !== 'dicom') {
        const link = await api.get<{ url: string }>(`/images/${image.imageId}/download`);
        if (live) setSrc(link.url);
      } else if (live) setFailed(true);
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [image.imageId]);
  if (failed) return <span class="thumb none">{t('noPreview')}</span>;
  return src ? (
    <img
      class="thumb"
      src={src}
      alt={`${t('preview')} ${image.modality} ${image.region}`}
      width={96}
      height={96}
    />
  ) : (
    <span class="thumb">…</span>
  );
}

export function ImagesPage({ api }: { api: Api }) {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [images, setImages] = useState<Image[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [open, setOpen] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const fail = (e: unknown) => setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
  const page = (cursor?: string) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    q.set('pageSize', String(PAGE));
    if (cursor) q.set('cursor', cursor);
    return api.get<{ items: Image[]; nextCursor?: string }>(`/images?${q}`);
  };
  useEffect(() => {
    setImages(undefined);
    setError(undefined);
    page()
      .then((b) => {
        setImages(b.items);
        setNext(b.nextCursor);
      })
      .catch(fail);
  }, [JSON.stringify(filters)]);
  async function more() {
    try {
      const b = await page(next);
      setImages([...(images ?? []), ...b.items]);
      setNext(b.nextCursor);
    } catch (e) {
      fail(e);
    }
  }

  async function download(id: string) {
    try {
      const link = await api.get<{ url: string }>(`/images/${id}/download`);
      window.location.assign(link.url);
    } catch (e) {
      fail(e);
    }
  }

  return (
    <section aria-labelledby="images-title">
      <h2 id="images-title">{t('images')}</h2>
      <form
        class="filters"
        data-testid="image-filters"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          setFilters(Object.fromEntries([...f.entries()].map(([k, v]) => [k, String(v).trim()])));
        }}
      >
        <label for="f-modality">{t('modality')}</label>
        <input id="f-modality" name="modality" placeholder="CT, MR, US…" pattern="[A-Z0-9_]{1,16}" />
        <label for="f-region">{t('region')}</label>
        <select id="f-region" name="region">
          <option value="">{t('allValues')}</option>
          {REGIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label for="f-center">{t('centers')}</label>
        <input id="f-center" name="center" />
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      <Alert message={error} />
      {!images && !error && <p>{t('loading')}</p>}
      {images && (
        <table data-testid="images">
          <TableHead
            cols={[t('preview'), t('image'), t('modality'), t('region'), t('centers'), t('actions')]}
          />
          <tbody>
            {images.map((i) => (
              <Fragment key={i.imageId}>
                <tr data-image={i.imageId}>
                  <td>
                    <Thumbnail api={api} image={i} />
                  </td>
                  <td>{i.imageId.slice(0, 8)}</td>
                  <td>{i.modality}</td>
                  <td>{i.region}</td>
                  <td>{i.centerCode}</td>
                  <td>
                    <button
                      type="button"
                      data-action="metadata"
                      aria-expanded={open === i.imageId}
                      onClick={() => setOpen(open === i.imageId ? undefined : i.imageId)}
                    >
                      {t('metadata')}
                    </button>{' '}
                    <button type="button" data-action="download" onClick={() => void download(i.imageId)}>
                      {t('download')}
                    </button>
                  </td>
                </tr>
                {open === i.imageId && (
                  <tr data-metadata={i.imageId}>
                    <td colSpan={6}>
                      <dl>
                        {Object.entries({
                          category: i.category,
                          format: i.format,
                          bodyPart: i.bodyPart,
                          pathology: i.pathology,
                          patientToken: i.patientToken,
                          ingestedAt: new Date(i.ingestedAt).toLocaleDateString(lang()),
                          bytes: i.bytes,
                          ...(i.dicom ?? {}),
                        })
                          .filter(([, v]) => v !== undefined)
                          .map(([k, v]) => (
                            <div key={k}>
                              <dt>{k}</dt>
                              <dd>{String(v)}</dd>
                            </div>
                          ))}
                      </dl>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p>
          <button type="button" data-action="more" onClick={() => void more()}>
            {t('more')}
          </button>
        </p>
      )}
    </section>
  );
}
