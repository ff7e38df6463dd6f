/**
 * Firestore composite indexes a context's queries need. A context exports `indexes: FirestoreIndex[]` from
 * `functions/<context>/adapters/indexes.ts`; `npm run infra:generate` collects them and Terraform creates them.
 */
export interface FirestoreIndexField {
  /** Field path in the document, dotted for nested fields: `status`, `owner.id`. */
  path: string;
  /** `ARRAY_CONTAINS` indexes an array field for `array-contains` / `array-contains-any` filters. */
  order: 'ASCENDING' | 'DESCENDING' | 'ARRAY_CONTAINS';
}

export interface FirestoreIndex {
  /** Collection id (not a path): the index applies to every collection with this id. */
  collection: string;
  /** In query order: equality filters first, then the range/order-by field. At least two fields. */
  fields: readonly FirestoreIndexField[];
  /** `COLLECTION_GROUP` only for collection-group queries. */
  queryScope?: 'COLLECTION' | 'COLLECTION_GROUP';
}
