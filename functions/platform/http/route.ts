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
    const param = paramPattern.exec(w);
    if (param) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return undefined;
      }
      params[param[1] as string] = value;
    } else if (w !== g) return undefined;
  }
  return params;
}

/** Routes are tried most specific first: fewer params win, then longer templates. */
export function specificity(template: string): [number, number] {
  const segments = template.split('/').filter(Boolean);
  return [segments.filter((s) => paramPattern.test(s)).length, -segments.length];
}
