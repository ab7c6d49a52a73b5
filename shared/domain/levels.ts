/** The four levels of the network, top to bottom. A child is exactly one level below its parent. */
export const LEVELS = ['city', 'district', 'street', 'community'] as const;
export type Level = (typeof LEVELS)[number];

export function levelIndex(level: Level): number {
  return LEVELS.indexOf(level);
}

/** The level a child of a center at `level` must have, or undefined for the lowest level. */
export function childLevelOf(level: Level): Level | undefined {
  return LEVELS[levelIndex(level) + 1];
}

export function parentLevelOf(level: Level): Level | undefined {
  const index = levelIndex(level);
  return index > 0 ? LEVELS[index - 1] : undefined;
}
