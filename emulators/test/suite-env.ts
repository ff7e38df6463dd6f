/** Gives each test worker the suite's environment, so the official clients reach the emulators. */
import { inject } from 'vitest';

Object.assign(process.env, inject('suite').env);
