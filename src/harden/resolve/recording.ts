/** Resolvers that remember what they answered, so a networked run can write a pin file for later offline runs. */
import type { ActionResolver, ImageResolver, ResolvedAction } from '../types.js';

export interface Recording {
  actions: Map<string, ResolvedAction>;
  images: Map<string, string>;
}

export function recordingResolvers(actions: ActionResolver | null, images: ImageResolver | null): { actions: ActionResolver | null; images: ImageResolver | null; recording: Recording } {
  const recording: Recording = { actions: new Map(), images: new Map() };
  return {
    recording,
    actions:
      actions === null
        ? null
        : {
            async resolveAction(repo, ref) {
              const found = await actions.resolveAction(repo, ref);
              if (found !== null) recording.actions.set(`${repo}@${ref}`, found);
              return found;
            },
          },
    images:
      images === null
        ? null
        : {
            async resolveImage(image) {
              const found = await images.resolveImage(image);
              if (found !== null) recording.images.set(image, found);
              return found;
            },
          },
  };
}
