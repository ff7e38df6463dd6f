/** KeyRing RPCs: CreateKeyRing, GetKeyRing, ListKeyRings. */
import type { KmsStore } from './kms-store.ts';
import { paginate } from './pagination.ts';
import { checkId, keyRingNameOf, parseKeyRingName, parseLocationName } from './resource-names.ts';
import { type Handlers, type ListRequest, rejectFilters } from './rpc-types.ts';
import { keyRingMessage } from './wire.ts';

interface CreateKeyRingRequest {
  parent: string;
  keyRingId: string;
}
interface NameRequest {
  name: string;
}

export function keyRingRpcs(store: KmsStore): Handlers {
  return {
    CreateKeyRing(req: CreateKeyRingRequest) {
      const location = parseLocationName(req.parent, 'parent');
      const keyRing = checkId('key_ring_id', req.keyRingId);
      return keyRingMessage(store.addKeyRing(keyRingNameOf({ ...location, keyRing })));
    },

    GetKeyRing(req: NameRequest) {
      parseKeyRingName(req.name);
      return keyRingMessage(store.keyRing(req.name));
    },

    ListKeyRings(req: ListRequest) {
      parseLocationName(req.parent, 'parent');
      rejectFilters(req);
      const page = paginate(store.keyRingsIn(req.parent), req.pageSize, req.pageToken);
      return {
        keyRings: page.items.map(keyRingMessage),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  };
}
