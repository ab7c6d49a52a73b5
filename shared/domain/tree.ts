/**
 * The materialized path of a center: ids from the root down to it between slashes, e.g.
 * `/c-shanghai/c-baoshan/c-youyi/`. A subtree is every path with that prefix. Kept apart from the
 * center schemas so that code needing only the tree does not load the opening-hours parser.
 */

/** Path of a child under `parent` (or a root): ids between slashes, so a prefix is a subtree. */
export function childPath(parent: { readonly path: string } | undefined, id: string): string {
  return `${parent ? parent.path : '/'}${id}/`;
}

export function isInSubtree(centerPath: string, ancestorId: string): boolean {
  return centerPath.includes(`/${ancestorId}/`);
}

/** Ids of the center and its ancestors, root first, read off its path. */
export function lineage(path: string): string[] {
  return path.split('/').filter(Boolean);
}
