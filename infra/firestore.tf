# Firestore (native mode) and the composite indexes the contexts' queries declare
# (functions/<context>/adapters/indexes.ts → generated/manifest.json `firestoreIndexes`).
resource "google_firestore_database" "main" {
  name                              = "(default)"
  location_id                       = var.firestore_location
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = "PESSIMISTIC"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = var.deletion_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy                   = var.deletion_protection ? "ABANDON" : "DELETE"
  depends_on                        = [google_project_service.enabled]
}

resource "google_firestore_index" "composite" {
  for_each    = local.m.firestoreIndexes
  database    = google_firestore_database.main.name
  collection  = each.value.collection
  query_scope = each.value.queryScope

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.path
      order        = fields.value.order == "ARRAY_CONTAINS" ? null : fields.value.order
      array_config = fields.value.order == "ARRAY_CONTAINS" ? "CONTAINS" : null
    }
  }
}

# TTL policies (functions/platform/ttl-policies.ts → generated/manifest.json `firestoreTtl`): Firestore deletes
# each document some time after its timestamp field has passed (typically within 24 h). The local suite mirrors
# them with the function host's sweeper (emulators/firestore-ttl.ts); the emulator has no TTL.
resource "google_firestore_field" "ttl" {
  for_each   = local.m.firestoreTtl
  database   = google_firestore_database.main.name
  collection = each.value.collection
  field      = each.value.field
  ttl_config {}
}
