# Identity Platform: email/password sign-in; roles travel as custom claims (set by the identity context, which
# holds roles/firebaseauth.admin) and every handler verifies the ID token (functions/platform/auth.ts).
resource "google_identity_platform_config" "main" {
  project                    = var.project_id
  autodelete_anonymous_users = true
  authorized_domains         = concat(var.env == "dev" ? ["localhost"] : [], var.authorized_domains, var.api_domains)

  sign_in {
    allow_duplicate_emails = false
    email {
      enabled           = true
      password_required = true
    }
  }

  depends_on = [google_project_service.enabled]
}
