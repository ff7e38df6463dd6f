/** Value objects shared by the tokens context's messages and HTTP bodies. */
import { z } from 'zod';

export const SeedVersion = z.number().int().positive();
/** A token as issued (`psn:…` or `rvt:…`); never a plaintext value. */
export const Token = z.string().min(1).max(200);
export const FieldName = z.string().min(1).max(40);
/** Why an officer re-identifies: mandatory, recorded in the audit trail and in TokenRevealed. */
export const Purpose = z.string().trim().min(10).max(500);
