# Buckets. All: uniform bucket-level access, public access prevention enforced, a CMEK from kms.tf, no
# public members (iam.tf grants object roles to context accounts only). The Terraform state bucket is
# created outside this configuration (backend.tf).

locals {
  data_buckets = {
    # Originals land here and leave once their anonymized copy and record exist (imaging deletes them);
    # whatever is still here after N days is a stuck upload and is deleted.
    ingest = {
      max_age_days = var.ingest_object_max_age_days
      versioning   = false
    }
    # The research dataset: versioned so an overwrite or delete can be undone.
    anonymized = {
      max_age_days = 0
      versioning   = true
    }
    # Rejected uploads (may hold PHI): kept for investigation, readable only by imaging (create-only) and admins.
    quarantine = {
      max_age_days = var.quarantine_object_max_age_days
      versioning   = false
    }
  }
}

resource "google_storage_bucket" "data" {
  for_each                    = local.data_buckets
  name                        = local.bucket_names[each.key]
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  encryption {
    default_kms_key_name = google_kms_crypto_key.symmetric[each.key].id
  }

  versioning {
    enabled = each.value.versioning
  }

  soft_delete_policy {
    retention_duration_seconds = 604800 # 7 days to recover an accidental delete
  }

  dynamic "lifecycle_rule" {
    for_each = each.value.max_age_days > 0 ? [each.value.max_age_days] : []
    content {
      condition {
        age = lifecycle_rule.value
      }
      action {
        type = "Delete"
      }
    }
  }

  # Noncurrent versions of anonymized objects are kept 30 days.
  dynamic "lifecycle_rule" {
    for_each = each.value.versioning ? [30] : []
    content {
      condition {
        days_since_noncurrent_time = lifecycle_rule.value
      }
      action {
        type = "Delete"
      }
    }
  }

  # The console PUTs JPEG/PNG bytes to the resumable session create-upload opens on the ingest bucket (the
  # session names the console's origin); the bucket allows the console origins to use those sessions.
  dynamic "cors" {
    for_each = each.key == "ingest" ? [local.console_origins] : []
    content {
      origin          = cors.value
      method          = ["PUT", "POST", "DELETE", "OPTIONS"]
      response_header = ["Content-Type", "Content-Range", "Range", "X-GUploader-UploadID"]
      max_age_seconds = 3600
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs_agent]
}

# Zipped function sources, one object per build (README: Deploy to GCP). Only the builder account reads them.
resource "google_storage_bucket" "sources" {
  name                        = "${var.project_id}-${var.env}-function-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  encryption {
    default_kms_key_name = google_kms_crypto_key.symmetric["sources"].id
  }

  # No age-based deletion: a config-only update of a function may rebuild from the object it was created from.
  depends_on = [google_kms_crypto_key_iam_member.gcs_agent]
}
