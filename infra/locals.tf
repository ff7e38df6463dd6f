# The deploy view of the function manifest (npm run infra:generate). Every function, topic, subscription,
# trigger, index and context service account below comes from it: nothing function-specific is written by hand.
locals {
  m = jsondecode(file("${path.module}/generated/manifest.json"))

  name_prefix = "saludtech-${var.env}"

  # Logical bucket name (as in the manifest's storage triggers) → deployed, globally unique name.
  bucket_names = {
    ingest     = "${var.project_id}-${var.env}-ingest"
    anonymized = "${var.project_id}-${var.env}-anonymized"
    quarantine = "${var.project_id}-${var.env}-quarantine"
  }

  # What every function is told about its environment; names are the ones functions/platform/config.ts and
  # the contexts' config modules read. Non-secret extras (SMTP host, limits…) come from var.function_env.
  function_env = merge({
    GOOGLE_CLOUD_PROJECT = var.project_id
    LOG_LEVEL            = var.log_level
    DEPLOY_ENV           = var.env
    BUCKET_INGEST        = local.bucket_names.ingest
    BUCKET_ANONYMIZED    = local.bucket_names.anonymized
    BUCKET_QUARANTINE    = local.bucket_names.quarantine
    KMS_LOCATION         = var.region
    KMS_KEY_RING         = google_kms_key_ring.main.name
    KMS_KEK_KEY          = google_kms_crypto_key.symmetric["token-kek"].name
    KMS_SIGNING_KEY      = google_kms_crypto_key.token_signing.name
    KMS_PROTECTION_LEVEL = "HSM"
    CORS_ALLOWED_ORIGINS = join(",", local.console_origins)
  }, var.function_env)

  pubsub_agent = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

data "google_project" "this" {}
