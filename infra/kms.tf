# Cloud KMS: one key ring, every key HSM-protected (FIPS 140-2 Level 3). Key rings and keys cannot be
# deleted in GCP (only their versions destroyed), hence prevent_destroy.
resource "google_kms_key_ring" "main" {
  name       = local.name_prefix
  location   = var.region
  depends_on = [google_project_service.enabled]
}

locals {
  # Symmetric keys: a CMEK per bucket (so one bucket's data can be crypto-shredded alone) and the token KEK
  # that wraps the token seeds (data keys); only the tokens and imaging accounts may use the KEK (iam.tf).
  symmetric_keys = {
    ingest       = "CMEK of the ingest bucket (originals with PHI)"
    anonymized   = "CMEK of the anonymized bucket"
    quarantine   = "CMEK of the quarantine bucket (rejected uploads, may hold PHI)"
    sources      = "CMEK of the function sources bucket"
    "token-kek" = "Key-encryption key wrapping token seeds"
  }
}

resource "google_kms_crypto_key" "symmetric" {
  for_each        = local.symmetric_keys
  name            = each.key
  key_ring        = google_kms_key_ring.main.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = var.key_rotation_period
  labels          = { role = replace(each.key, "-", "_") }

  version_template {
    algorithm        = "GOOGLE_SYMMETRIC_ENCRYPTION"
    protection_level = "HSM"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Signing key for the tokens context (asymmetric keys have no automatic rotation: rotate by adding versions).
resource "google_kms_crypto_key" "token_signing" {
  name     = "token-signing"
  key_ring = google_kms_key_ring.main.id
  purpose  = "ASYMMETRIC_SIGN"

  version_template {
    algorithm        = "EC_SIGN_P256_SHA256"
    protection_level = "HSM"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Cloud Storage encrypts and decrypts with the bucket keys on behalf of readers and writers: its service agent
# is the only principal that needs the bucket CMEKs.
resource "google_kms_crypto_key_iam_member" "gcs_agent" {
  for_each      = toset(["ingest", "anonymized", "quarantine", "sources"])
  crypto_key_id = google_kms_crypto_key.symmetric[each.key].id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}
