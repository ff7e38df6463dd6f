# Service accounts and least-privilege grants. Context grants come from functions/manifest.iam.ts through the
# generated deploy view; platform accounts (builder, Eventarc, Pub/Sub push, workflows) are declared here.
# No primitive role (owner/editor/viewer) anywhere — infra/policies.test.ts fails if one appears.

resource "google_service_account" "context" {
  for_each     = local.m.serviceAccounts
  account_id   = each.value.accountId
  display_name = each.value.displayName
}

# Firestore access is database-wide (IAM cannot scope it to collections); which collections a context touches
# is enforced in code review by the rule that contexts only read their own collections.
resource "google_project_iam_member" "firestore" {
  for_each = local.m.serviceAccounts
  project  = var.project_id
  role     = "roles/datastore.user"
  member   = "serviceAccount:${google_service_account.context[each.key].email}"
}

# Publisher on its own topics, the topics manifest.iam.ts lists, and its functions' dead-letter topics.
resource "google_pubsub_topic_iam_member" "context_publishes" {
  for_each   = local.m.topicPublishers
  topic      = "projects/${var.project_id}/topics/${each.value.topic}"
  role       = "roles/pubsub.publisher"
  member     = "serviceAccount:${google_service_account.context[each.value.context].email}"
  depends_on = [google_pubsub_topic.topic, google_pubsub_topic.dead_letter]
}

resource "google_storage_bucket_iam_member" "context_objects" {
  for_each = local.m.bucketRoles
  bucket   = google_storage_bucket.data[each.value.bucket].name
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.context[each.value.context].email}"
}

locals {
  kms_keys = {
    "token-kek"     = google_kms_crypto_key.symmetric["token-kek"].id
    "token-signing" = google_kms_crypto_key.token_signing.id
  }
}

# Per key, never on the key ring or project: only the contexts listed in manifest.iam.ts can use the KEK.
resource "google_kms_crypto_key_iam_member" "context_keys" {
  for_each      = local.m.kmsRoles
  crypto_key_id = local.kms_keys[each.value.key]
  role          = each.value.role
  member        = "serviceAccount:${google_service_account.context[each.value.context].email}"
}

# HSM randomness for token seeds: a custom role with that single permission.
resource "google_project_iam_custom_role" "kms_random" {
  role_id     = "saludtechKmsRandom_${var.env}"
  title       = "SaludTech HSM random bytes"
  permissions = ["cloudkms.locations.generateRandomBytes"]
}

resource "google_project_iam_member" "kms_random" {
  for_each = local.m.kmsRandom
  project  = var.project_id
  role     = google_project_iam_custom_role.kms_random.id
  member   = "serviceAccount:${google_service_account.context[each.key].email}"
}

# Signed URLs: the account may sign blobs as itself only.
resource "google_service_account_iam_member" "signs_as_itself" {
  for_each           = local.m.urlSigners
  service_account_id = google_service_account.context[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.context[each.key].email}"
}

resource "google_project_iam_member" "context_extra" {
  for_each = local.m.projectRoles
  project  = var.project_id
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.context[each.value.context].email}"
}

# Cloud Build runs function builds as this account instead of the default compute account.
resource "google_service_account" "builder" {
  account_id   = "fn-builder"
  display_name = "SaludTech function builds"
}

resource "google_project_iam_member" "builder" {
  for_each = toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.builder.email}"
}

resource "google_storage_bucket_iam_member" "builder_reads_sources" {
  bucket = google_storage_bucket.sources.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.builder.email}"
}

# Eventarc delivers storage events to functions and Pub/Sub events to workflows as this account.
resource "google_service_account" "eventarc" {
  account_id   = "eventarc-trigger"
  display_name = "SaludTech Eventarc triggers"
}

resource "google_project_iam_member" "eventarc" {
  for_each = toset(["roles/eventarc.eventReceiver", "roles/workflows.invoker"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.eventarc.email}"
}

# Eventarc's Cloud Storage triggers need the Storage service agent to publish their transport messages.
resource "google_project_iam_member" "gcs_agent_publishes" {
  project = var.project_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}
