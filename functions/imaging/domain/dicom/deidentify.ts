/**
 * Applies the profile to an in-memory dataset, recursively inside sequences: first a pass that
 * collects the identifying values, then the transforming pass. Pure: keys come in, bytes go out.
 */
import type { Keyring } from '../../../tokens/lib/index.ts';
import type { Dataset, Element } from './dataset.ts';
import { shiftDateValue } from './dates.ts';
import { type PhiCollector, scrub } from './phi.ts';
import {
  type Action,
  BASIC_OPTIONS,
  isPrivateGroup,
  isSafePrivate,
  keepsCreator,
  type ProfileOptions,
  publicAction,
} from './profile.ts';
import { TEXT_VR } from './syntax.ts';

export const PATIENT_NAME = 0x00100010;
export const PATIENT_ID = 0x00100020;

export interface DeidContext {
  options: ProfileOptions;
  keyring: Keyring;
  patientToken: string;
  dateOffsetDays: number;
  phi: PhiCollector;
}

const TEXTUAL = new Set([...TEXT_VR, 'UI']);

/** Encapsulated Document (0042,0011): a PDF/CDA/STL nobody can verify; removed whatever its size. */
export const ENCAPSULATED_DOCUMENT = 0x00420011;

/** Well-known UIDs (SOP classes, transfer syntaxes, coding schemes of the standard) identify nothing. */
const isWellKnownUid = (uid: string) => uid.startsWith('1.2.840.10008.');

/** Private creators of one dataset level: (group << 8 | block) → creator string. */
function privateCreators(ds: Dataset): Map<number, string> {
  const creators = new Map<number, string>();
  for (const e of ds) {
    const element = e.tag & 0xffff;
    if (isPrivateGroup(e.tag) && element >= 0x10 && element <= 0xff && e.value) {
      creators.set(((e.tag >>> 16) << 8) | element, e.value.toString('latin1').replace(/[\s\0]+$/, ''));
    }
  }
  return creators;
}

/** The action for any element of a dataset level, private and structural ones included. */
function actionFor(e: Element, creators: Map<number, string>, options: ProfileOptions): Action {
  const group = e.tag >>> 16;
  const element = e.tag & 0xffff;
  // Group lengths go stale once values change; command and file-meta elements do not belong in a dataset.
  if (element === 0 || group === 0x0000 || group === 0x0002) return 'remove';
  if (e.tag === PATIENT_ID || e.tag === PATIENT_NAME) return 'dummy';
  if (isPrivateGroup(e.tag)) {
    if (group < 0x0009 || group === 0xffff) return 'remove';
    if (element >= 0x10 && element <= 0xff) {
      const creator = creators.get((group << 8) | element);
      return creator !== undefined && keepsCreator(group, creator, options) ? 'keep' : 'remove';
    }
    const creator = creators.get((group << 8) | (element >>> 8));
    return isSafePrivate(group, creator, element & 0xff, options) ? (e.items ? 'recurse' : 'keep') : 'remove';
  }
  if (e.tag === ENCAPSULATED_DOCUMENT) return 'remove';
  const action = publicAction(e.tag, e.vr, options);
  if (action !== 'keep') return action;
  // Any instance UID the table does not list (e.g. inside Referenced RT Plan Sequence) is remapped as U.
  if (e.vr === 'UI') return keepsOnlyWellKnownUids(e.value) ? 'keep' : 'remap-uid';
  // Stricter than the table: dates and person names it does not list are treated like listed ones.
  if (e.vr === 'DA' || e.vr === 'DT') return options.retainLongitudinalModifiedDates ? 'clean' : 'empty';
  if (e.vr === 'PN') return 'empty';
  return e.items ? 'recurse' : 'keep';
}

function keepsOnlyWellKnownUids(value: Buffer | undefined): boolean {
  if (!value) return true;
  return value
    .toString('latin1')
    .replace(/[\s\0]+$/, '')
    .split('\\')
    .every((uid) => uid.trim() === '' || isWellKnownUid(uid.trim()));
}

/** Pass 1: records every identifying value the profile is about to change or drop. */
export function collectPhi(ds: Dataset, options: ProfileOptions, phi: PhiCollector): void {
  const creators = privateCreators(ds);
  for (const e of ds) {
    const action = actionFor(e, creators, options);
    if (e.items) {
      // Removed or emptied sequences still hold values whose echo elsewhere must be caught.
      for (const item of e.items) collectPhi(item, options, phi);
      continue;
    }
    if (!e.value) continue;
    if (action === 'keep') {
      // Kept because an option says so (not because the table keeps it): its value is public on purpose.
      if (!isPrivateGroup(e.tag) && publicAction(e.tag, e.vr, BASIC_OPTIONS) !== 'keep')
        phi.addKept(e.tag, e.vr, e.value);
      continue;
    }
    const cleanedText = action === 'clean' && e.vr !== 'DA' && e.vr !== 'DT';
    if (cleanedText) continue;
    if (TEXTUAL.has(e.vr)) phi.addText(e.tag, e.vr, e.value);
  }
}

const ascii = (s: string) => Buffer.from(s, 'latin1');

function dummyValue(e: Element, ctx: DeidContext): Buffer | undefined {
  if (e.tag === PATIENT_ID || e.tag === PATIENT_NAME) return ascii(ctx.patientToken);
  switch (e.vr) {
    case 'DA':
      return ascii('19000101');
    case 'DT':
      return ascii('19000101000000');
    case 'TM':
      return ascii('000000');
    case 'AS':
      return ascii('000Y');
    case 'IS':
    case 'DS':
      return ascii('0');
    case 'UI':
      return remapUids(e.value, ctx);
    case 'UR':
      return Buffer.alloc(0);
    case 'AE':
    case 'CS':
    case 'SH':
    case 'LO':
    case 'LT':
    case 'ST':
    case 'UT':
    case 'UC':
    case 'PN':
      return ascii('ANONYMIZED');
    default:
      // Binary values keep their length (VM stays valid) with every byte zero.
      return Buffer.alloc(e.value?.length ?? 0);
  }
}

function remapUids(value: Buffer | undefined, ctx: DeidContext): Buffer | undefined {
  if (!value) return value;
  const parts = value
    .toString('latin1')
    .replace(/[\s\0]+$/, '')
    .split('\\')
    .map((uid) =>
      uid.trim() === '' || isWellKnownUid(uid.trim()) ? uid.trim() : ctx.keyring.remapUid(uid.trim()),
    );
  return ascii(parts.join('\\'));
}

function cleanValue(e: Element, ctx: DeidContext): Element | undefined {
  if (!e.value) return e;
  if (e.vr === 'DA' || e.vr === 'DT') {
    const shifted = shiftDateValue(
      e.value
        .toString('latin1')
        .replace(/[\s\0]+$/, '')
        .trim(),
      e.vr,
      ctx.dateOffsetDays,
    );
    // Not a date we can shift: keep the attribute but empty, never the original.
    return { tag: e.tag, vr: e.vr, value: ascii(shifted ?? '') };
  }
  // Whole days leave times of day unchanged; other cleaned values are descriptors: scrub identifiers.
  if (e.vr === 'TM') return e;
  if (TEXT_VR.has(e.vr)) return { tag: e.tag, vr: e.vr, value: scrub(e.value, ctx.phi.needles) };
  return e;
}

/** Pass 2: the de-identified copy of a dataset level. */
export function transform(ds: Dataset, ctx: DeidContext): Dataset {
  const creators = privateCreators(ds);
  const out: Dataset = [];
  for (const e of ds) {
    const action = actionFor(e, creators, ctx.options);
    switch (action) {
      case 'remove':
        break;
      case 'empty':
        out.push(
          e.items
            ? { tag: e.tag, vr: e.vr, items: [], undefinedLength: e.undefinedLength }
            : { tag: e.tag, vr: e.vr, value: Buffer.alloc(0) },
        );
        break;
      case 'dummy':
        out.push(
          e.items ? recurse(e, ctx) : { tag: e.tag, vr: e.vr, value: dummyValue(e, ctx) ?? Buffer.alloc(0) },
        );
        break;
      case 'remap-uid':
        out.push({ tag: e.tag, vr: e.vr, value: remapUids(e.value, ctx) ?? Buffer.alloc(0) });
        break;
      case 'clean': {
        const cleaned = e.items ? recurse(e, ctx) : cleanValue(e, ctx);
        if (cleaned) out.push(cleaned);
        break;
      }
      case 'recurse':
      case 'keep':
        out.push(e.items ? recurse(e, ctx) : e);
        break;
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${never as string}`);
      }
    }
  }
  return out;
}

const recurse = (e: Element, ctx: DeidContext): Element => ({
  ...e,
  items: (e.items ?? []).map((item) => transform(item, ctx)),
});
