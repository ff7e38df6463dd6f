# Project services the platform uses. Disabling them on destroy is off: other tooling may share the project.
locals {
  services = [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudkms.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "eventarc.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "identitytoolkit.googleapis.com",
    "logging.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
    "workflows.googleapis.com",
  ]
}

resource "google_project_service" "enabled" {
  for_each           = toset(local.services)
  service            = each.value
  disable_on_destroy = false
}

# Google-managed service agents that need grants below (created on demand by the google-beta provider).
resource "google_project_service_identity" "pubsub" {
  provider   = google-beta
  service    = "pubsub.googleapis.com"
  depends_on = [google_project_service.enabled]
}

resource "google_project_service_identity" "eventarc" {
  provider   = google-beta
  service    = "eventarc.googleapis.com"
  depends_on = [google_project_service.enabled]
}

data "google_storage_project_service_account" "gcs" {
  depends_on = [google_project_service.enabled]
}
