/** Renders a template safely: every value is escaped for where it lands (header line, text, HTML). */
import type { Language, TemplateValues } from '../../../schemas/notifications/v1/notification.fields.ts';
import { templates as defaultTemplates, type TemplateBook } from './templates.ts';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export type RenderResult = { ok: true; message: Rendered } | { ok: false; reason: string };

const PLACEHOLDER = /\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}/g;

/** No control characters (a CR/LF in a subject would inject mail headers). */
const plain = (v: string) =>
  [...v].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('');
const html = (v: string) =>
  v.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function fill(text: string, values: TemplateValues, escapeValue: (v: string) => string): string | undefined {
  let missing = false;
  const out = text.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) {
      missing = true;
      return '';
    }
    return escapeValue(plain(String(v)));
  });
  return missing ? undefined : out;
}

/** A missing template or value is a reason, never a throw: the decider records it as a failure. */
export function render(
  template: string,
  language: Language,
  values: TemplateValues,
  book: TemplateBook = defaultTemplates,
): RenderResult {
  const t = Object.hasOwn(book, template) ? book[template]?.[language] : undefined;
  if (!t) return { ok: false, reason: 'template-missing' };
  const subject = fill(t.subject, values, (v) => v);
  const text = fill(t.text, values, (v) => v);
  const body = fill(html(t.text), values, html);
  if (subject === undefined || text === undefined || body === undefined)
    return { ok: false, reason: 'template-value-missing' };
  return { ok: true, message: { subject, text, html: `<p>${body}</p>` } };
}
