/**
 * The de-identification profile: Table E.1-1 parsed once, and the action each attribute gets under a
 * set of options (PS3.15 E.3). Pure data lookups; the engine applies the actions.
 */
import { PREVIOUS_PROFILE_VERSION, PROFILE_VERSION, TABLE } from './profiles/basic-profile.v1.ts';

/** The options of PS3.15 E.3 this platform supports, configurable per center. */
export interface ProfileOptions {
  /** E.3.6 "Retain Longitudinal Temporal Information with Modified Dates": dates shifted per patient. */
  retainLongitudinalModifiedDates: boolean;
  /** E.3.4 "Retain Patient Characteristics": sex, age, size, weight, … kept. */
  retainPatientCharacteristics: boolean;
  /** E.3.3 "Retain Device Identity": station names, serial numbers, … kept. */
  retainDeviceIdentity: boolean;
  /** E.3.5 "Clean Descriptors": free-text descriptions kept with known identifiers scrubbed out. */
  cleanDescriptors: boolean;
  /** E.3.10 "Retain Safe Private": the private elements known to be safe; empty = option off. */
  retainSafePrivate: readonly SafePrivateTag[];
}

/** One private element proven safe: its odd group, its private creator and its element byte (0x00–0xFF). */
export interface SafePrivateTag {
  group: number;
  creator: string;
  element: number;
}

export const DEFAULT_OPTIONS: ProfileOptions = {
  retainLongitudinalModifiedDates: true,
  retainPatientCharacteristics: false,
  retainDeviceIdentity: false,
  cleanDescriptors: false,
  retainSafePrivate: [],
};

/** The Basic Profile with no option: what the table alone keeps. */
export const BASIC_OPTIONS: ProfileOptions = {
  retainLongitudinalModifiedDates: false,
  retainPatientCharacteristics: false,
  retainDeviceIdentity: false,
  cleanDescriptors: false,
  retainSafePrivate: [],
};

export { PREVIOUS_PROFILE_VERSION, PROFILE_VERSION };

/** The Table E.1-1 action codes, including the combined ones. */
export type TableAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'X/Z' | 'X/D' | 'X/Z/D' | 'Z/D' | 'X/Z/U*';

/**
 * What the engine does to an element. Combined codes are resolved to their most conformant member
 * (X/Z → Z, X/D and X/Z/D and Z/D → D, X/Z/U* → recurse with UIDs remapped): the engine does not know
 * the IOD's attribute types, and keeping an attribute present but emptied or dummied is never less
 * private than removing it.
 */
export type Action = 'remove' | 'empty' | 'dummy' | 'keep' | 'clean' | 'remap-uid' | 'recurse';

type OptionColumn = 'priv' | 'uid' | 'dev' | 'inst' | 'pat' | 'full' | 'mod' | 'desc' | 'struct' | 'graph';

interface Row {
  basic: TableAction;
  options: Partial<Record<OptionColumn, 'K' | 'C' | 'X'>>;
  name: string;
}

function parseTable(text: string): {
  exact: Map<number, Row>;
  curves: Row;
  overlayComments: Row;
  overlayData: Row;
  privates: Row;
} {
  const exact = new Map<number, Row>();
  const special = new Map<string, Row>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [tag, basic, ...rest] = line.split(' ');
    const options: Row['options'] = {};
    const words: string[] = [];
    for (const word of rest) {
      const m = /^(priv|uid|dev|inst|pat|full|mod|desc|struct|graph)=([KCX])$/.exec(word);
      if (m && words.length === 0) options[m[1] as OptionColumn] = m[2] as 'K' | 'C' | 'X';
      else words.push(word);
    }
    const row: Row = { basic: basic as TableAction, options, name: words.join(' ') };
    if (/^[0-9a-f]{8}$/.test(tag as string)) exact.set(Number.parseInt(tag as string, 16), row);
    else special.set(tag as string, row);
  }
  const need = (k: string) => {
    const row = special.get(k);
    if (!row) throw new Error(`profile table lacks ${k}`);
    return row;
  };
  return {
    exact,
    curves: need('50xxxxxx'),
    overlayComments: need('60xx4000'),
    overlayData: need('60xx3000'),
    privates: need('private'),
  };
}

const table = parseTable(TABLE);

/** Number of attributes the profile lists (for tests and reports). */
export const profileSize = () => table.exact.size + 4;

/** Element VR classes, for resolving D (dummy) and X/Z/D on sequences. */
const isSequenceVr = (vr: string) => vr === 'SQ';

/** X/Z sequences that their modules make Type 2: emptied (Z), not removed. */
const TYPE_2_SEQUENCES = new Set([0x00400555 /* AcquisitionContextSequence */]);

function resolveBasic(code: TableAction, vr: string, tag: number): Action {
  switch (code) {
    case 'X':
      return 'remove';
    case 'Z':
      return 'empty';
    case 'X/Z':
      // Z keeps a Type 2 attribute present; an emptied Type 3 sequence is not conformant (1-n items).
      return isSequenceVr(vr) && !TYPE_2_SEQUENCES.has(tag) ? 'remove' : 'empty';
    case 'D':
    case 'X/D':
    case 'X/Z/D':
    case 'Z/D':
      // A dummy sequence is the original one with the profile applied to its items.
      return isSequenceVr(vr) ? 'recurse' : 'dummy';
    case 'X/Z/U*':
      return 'recurse';
    case 'U':
      return 'remap-uid';
    case 'K':
      return 'keep';
    case 'C':
      return 'clean';
    default: {
      const never: never = code;
      throw new Error(`unknown action ${never as string}`);
    }
  }
}

function optionOverride(row: Row, options: ProfileOptions): 'K' | 'C' | 'X' | undefined {
  const picked: ('K' | 'C' | 'X')[] = [];
  const take = (enabled: boolean, column: OptionColumn) => {
    const v = row.options[column];
    if (enabled && v) picked.push(v);
  };
  take(options.retainLongitudinalModifiedDates, 'mod');
  take(options.retainPatientCharacteristics, 'pat');
  take(options.retainDeviceIdentity, 'dev');
  take(options.cleanDescriptors, 'desc');
  // Several options on one attribute: the most retaining one wins (K over C over X).
  if (picked.includes('K')) return 'K';
  if (picked.includes('C')) return 'C';
  return picked[0];
}

function rowAction(row: Row, vr: string, options: ProfileOptions, tag: number): Action {
  const override = optionOverride(row, options);
  if (override === 'K') return 'keep';
  if (override === 'X') return 'remove';
  if (override === 'C') return isSequenceVr(vr) ? 'recurse' : 'clean';
  return resolveBasic(row.basic, vr, tag);
}

export const isPrivateGroup = (tag: number) => ((tag >>> 16) & 1) === 1;
export const isCurveGroup = (tag: number) => ((tag >>> 16) & 0xff00) === 0x5000;
export const isOverlayGroup = (tag: number) => ((tag >>> 16) & 0xff00) === 0x6000 && ((tag >>> 16) & 1) === 0;

/**
 * The action for a public (even-group) element. Attributes the table does not list are kept (E.1:
 * the table lists what can carry identity); the residual-PHI verifier backs that up.
 */
export function publicAction(tag: number, vr: string, options: ProfileOptions): Action {
  // Asked for every element, twice (engine and verifier): memoized per options object, tag and SQ-ness.
  let known = actions.get(options);
  if (!known) {
    known = new Map();
    actions.set(options, known);
  }
  const key = (tag >>> 0) * 2 + (isSequenceVr(vr) ? 1 : 0);
  let action = known.get(key);
  if (action === undefined) {
    action = resolvePublic(tag, vr, options);
    // Unlisted tags of odd inputs could grow it without end in a long-lived process.
    if (known.size >= 100_000) known.clear();
    known.set(key, action);
  }
  return action;
}

const actions = new WeakMap<ProfileOptions, Map<number, Action>>();

function resolvePublic(tag: number, vr: string, options: ProfileOptions): Action {
  const row = table.exact.get(tag >>> 0);
  if (row) return rowAction(row, vr, options, tag);
  if (isCurveGroup(tag)) return rowAction(table.curves, vr, options, tag);
  if (isOverlayGroup(tag)) {
    // Overlay Data and Overlay Comments are X; without its data the rest of the overlay module is
    // meaningless (and could mislead a viewer), so the whole overlay group goes.
    return 'remove';
  }
  return 'keep';
}

/** The table's name for a listed tag (reports and tests). */
export const attributeName = (tag: number) => table.exact.get(tag >>> 0)?.name;

/** Is a private element (group, creator, element byte) in the safe-private allow-list? */
export function isSafePrivate(
  group: number,
  creator: string | undefined,
  elementByte: number,
  options: ProfileOptions,
): boolean {
  if (creator === undefined) return false;
  const c = creator.trim();
  return options.retainSafePrivate.some(
    (s) => s.group === group && s.creator === c && s.element === elementByte,
  );
}

/** Does the allow-list keep anything of this private creator (so its creator element must stay)? */
export function keepsCreator(group: number, creator: string, options: ProfileOptions): boolean {
  const c = creator.trim();
  return options.retainSafePrivate.some((s) => s.group === group && s.creator === c);
}
