/** Published message versions of the tokens context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { TokenRevealedV1 } from './v1/token-revealed.event.ts';
import { TokenSeedRotatedV1 } from './v1/token-seed-rotated.event.ts';

export const catalog: readonly MessageDef[] = [TokenSeedRotatedV1, TokenRevealedV1];
