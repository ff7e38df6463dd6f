/** The in-memory form of a dataset's header part: elements with their raw value bytes, items for sequences. */
import type { Syntax } from './syntax.ts';

export interface Element {
  tag: number;
  vr: string;
  /** Raw value bytes as read (odd lengths kept here; the encoder pads). */
  value?: Buffer;
  /** SQ (or UN holding a sequence): its items, each an element list. */
  items?: Element[][];
  /** Undefined-length sequence/item encoding, kept on output. */
  undefinedLength?: boolean;
  /** Encapsulated value nested inside a sequence (e.g. an icon image): the raw item bytes up to the delimiter. */
  fragments?: Buffer;
  /** Items of an undefined-length UN are encoded implicit VR LE whatever the file's syntax (PS3.5 6.2.2). */
  itemSyntax?: Syntax;
}

export type Dataset = Element[];

/** Finds a top-level element. */
export const find = (ds: Dataset, tag: number) => ds.find((e) => e.tag === tag);

/** Text of a value: trailing padding (space, NUL) removed. Latin-1 keeps every byte distinct. */
export const text = (e: Element | undefined): string | undefined =>
  e?.value
    ? e.value
        .toString('latin1')
        .replace(/[\s\0]+$/, '')
        .replace(/^\s+/, '')
    : undefined;
