/** Matches request paths against manifest route templates (`/centers/{id}`). */

const paramPattern = /^\{([a-zA-Z][a-zA-Z0-9]*)\}$/;

/** The template's params when the path matches it, or undefined. */
export function matchRoute(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter(Boolean);
  const got = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    const bound = matchSegment(w, g);
    if (!bound) return undefined;
    Object.assign(params, bound);
  }
  return params;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');

/**
 * The params one template segment binds in a path segment (`{}` when literal), or undefined. A segment
 * may mix a param and literal text (`{id}:reprocess`, the AIP-136 custom-method form).
 */
function matchSegment(w: string, g: string): Record<string, string> | undefined {
  if (!w.includes('{')) return w === g ? {} : undefined;
  const names: string[] = [];
  const pattern = w
    .split(/(\{[a-zA-Z][a-zA-Z0-9]*\})/)
    .map((part) => {
      const name = paramPattern.exec(part)?.[1];
      if (!name) return escapeRegex(part);
      names.push(name);
      return '(.+?)';
    })
    .join('');
  const m = new RegExp(`^${pattern}$`).exec(g);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  try {
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] as string);
    });
  } catch {
    return undefined;
  }
  return params;
}

/** Routes are tried most specific first: fewer params win, then longer templates. */
export function specificity(template: string): [number, number] {
  const segments = template.split('/').filter(Boolean);
  return [segments.filter((s) => paramPattern.test(s)).length, -segments.length];
}
