/** Choosing an expert: anyone with spare capacity; spread the picks so concurrent sagas rarely collide. */
export interface ExpertLoad {
  id: string;
  available: number;
}

/** The expert to assign among those with capacity, or undefined when nobody has any; `random` in [0, 1). */
export function pickExpert(candidates: readonly ExpertLoad[], random: number): string | undefined {
  const free = candidates.filter((e) => e.available > 0);
  if (free.length === 0) return undefined;
  return free[Math.min(free.length - 1, Math.floor(random * free.length))]?.id;
}
