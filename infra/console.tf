# The web console (console/): a Firebase Hosting site; `firebase deploy --only hosting` uploads console/dist
# with its config.json (README: The web console). The functions allow exactly its origins for CORS.
resource "google_project_service" "console" {
  for_each           = toset(["firebase.googleapis.com", "firebasehosting.googleapis.com"])
  service            = each.value
  disable_on_destroy = false
}

resource "google_firebase_project" "default" {
  provider   = google-beta
  project    = var.project_id
  depends_on = [google_project_service.console]
}

resource "google_firebase_hosting_site" "console" {
  provider   = google-beta
  project    = var.project_id
  site_id    = "${var.project_id}-console"
  depends_on = [google_firebase_project.default]
}

locals {
  # The console's own origins (web.app and firebaseapp.com), plus any custom domain in var.console_origins.
  console_origins = concat(
    ["https://${google_firebase_hosting_site.console.site_id}.web.app", "https://${google_firebase_hosting_site.console.site_id}.firebaseapp.com"],
    var.console_origins,
  )
}

output "console_url" {
  value = google_firebase_hosting_site.console.default_url
}
