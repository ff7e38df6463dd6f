/**
 * Turns manifest route templates (`/centers/{id}`) into URL map route-rule matches for the external HTTPS load
 * balancer, ordered so a literal path always wins over a template that would also match it.
 */
import type { HttpMethod } from '../functions/manifest.types.ts';

export interface RouteMatch {
  /** `full`: exact path; `template`: URL map pathTemplateMatch (`{var}` = one segment); `regex`: RE2. */
  kind: 'full' | 'template' | 'regex';
  value: string;
}

const WHOLE_VARIABLE = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const escapeRegex = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** The narrowest match the load balancer supports for a route template. */
export function routeMatch(path: string): RouteMatch {
  if (!path.includes('{')) return { kind: 'full', value: path };
  const segments = path.split('/');
  // pathTemplateMatch binds whole segments only; `{id}:suspend` mixes a variable and a literal in one segment.
  if (segments.every((s) => !s.includes('{') || WHOLE_VARIABLE.test(s)))
    return { kind: 'template', value: path };
  const regex = segments
    .map((s) =>
      s
        .split(/(\{[^}]*\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegex(part)))
        .join(''),
    )
    .join('/');
  return { kind: 'regex', value: `^${regex}$` };
}

export interface Route {
  name: string;
  method: HttpMethod;
  path: string;
}

const rank: Record<RouteMatch['kind'], number> = { full: 0, template: 1, regex: 2 };
const literalLength = (path: string) => path.replace(/\{[^}]*\}/g, '').length;

/** Routes in evaluation order (literal first, then more literal characters first), numbered from 1. */
export function prioritized<R extends Route>(
  routes: readonly R[],
): (R & { match: RouteMatch; priority: number })[] {
  return routes
    .map((r) => ({ ...r, match: routeMatch(r.path) }))
    .sort(
      (a, b) =>
        rank[a.match.kind] - rank[b.match.kind] ||
        literalLength(b.path) - literalLength(a.path) ||
        a.path.localeCompare(b.path) ||
        a.method.localeCompare(b.method),
    )
    .map((r, i) => ({ ...r, priority: i + 1 }));
}
