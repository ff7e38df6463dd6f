/**
 * Who sees which catalogue images: admins and experts everything (curation), a center its own uploads,
 * a client what its ACTIVE subscriptions grant. One rule set serves every image, DICOMweb and download route.
 */
import type { Role } from '../../manifest.types.ts';

/** The catalogue facts an access rule looks at. */
export interface AccessFacts {
  imageId: string;
  centerCode: string;
  modality: string;
  region: string;
  pathology?: string;
}

/** One granted dataset: equalities on the catalogue's coded fields, and an explicit image list if any. */
export interface AccessRule {
  modality?: string;
  region?: string;
  pathology?: string;
  center?: string;
  /** When present, only these images (a plan's explicit dataset manifest), still within the filters. */
  imageIds?: readonly string[];
}

export type ImageAccess = { kind: 'all' } | { kind: 'rules'; rules: readonly AccessRule[] };

/** Roles that see the whole catalogue. */
const CURATORS: readonly Role[] = ['admin', 'expert'];

export const FILTER_KEYS = ['modality', 'region', 'pathology', 'center'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

const factOf = (f: AccessFacts, key: FilterKey) => (key === 'center' ? f.centerCode : f[key]);

/**
 * The access of a principal, from its roles and what was loaded for it: the code of its center (for
 * `health_center`) and the datasets its ACTIVE subscriptions grant (for `client`). Roles add up.
 */
export function accessOf(
  roles: readonly Role[],
  loaded: { centerCode?: string; granted?: readonly AccessRule[] },
): ImageAccess {
  if (roles.some((r) => CURATORS.includes(r))) return { kind: 'all' };
  const rules: AccessRule[] = [];
  if (roles.includes('health_center') && loaded.centerCode) rules.push({ center: loaded.centerCode });
  if (roles.includes('client')) rules.push(...(loaded.granted ?? []));
  return { kind: 'rules', rules };
}

const admitsRule = (rule: AccessRule, f: AccessFacts) =>
  FILTER_KEYS.every((k) => rule[k] === undefined || rule[k] === factOf(f, k)) &&
  (rule.imageIds === undefined || rule.imageIds.includes(f.imageId));

/** True when the access lets its holder read this image. */
export const mayRead = (access: ImageAccess, f: AccessFacts) =>
  access.kind === 'all' || access.rules.some((r) => admitsRule(r, f));

/**
 * The searches that return exactly the readable part of a search with `filters`: one per rule whose
 * equalities agree with the filters (the merged equalities, and the rule's image list if it has one).
 * An empty list means nothing is readable; a list of one unrestricted search means everything is.
 */
export function narrow(
  access: ImageAccess,
  filters: Filters,
): { filters: Filters; imageIds?: readonly string[] }[] {
  if (access.kind === 'all') return [{ filters }];
  const out: { filters: Filters; imageIds?: readonly string[] }[] = [];
  for (const rule of access.rules) {
    const merged: Filters = { ...filters };
    let agrees = true;
    for (const k of FILTER_KEYS) {
      const want = rule[k];
      if (want === undefined) continue;
      if (merged[k] !== undefined && merged[k] !== want) agrees = false;
      merged[k] = want;
    }
    if (agrees) out.push({ filters: merged, ...(rule.imageIds ? { imageIds: rule.imageIds } : {}) });
  }
  return out;
}
