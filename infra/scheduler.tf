# Scheduled functions (manifest trigger kind `schedule`, e.g. the outbox relay's sweep): one Cloud Scheduler
# job each, calling the function's internal URL with an OIDC token of the scheduler account, which may invoke
# those functions and nothing else. Locally the function host's timer does the same (emulators/function-host.ts).

resource "google_service_account" "scheduler" {
  account_id   = "scheduler-invoker"
  display_name = "SaludTech Cloud Scheduler calls to scheduled functions"
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invokes" {
  for_each = local.m.scheduledJobs
  name     = google_cloudfunctions2_function.fn[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}

resource "google_cloud_scheduler_job" "scheduled" {
  for_each         = local.m.scheduledJobs
  name             = each.key
  region           = var.region
  schedule         = each.value.cron
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"

  http_target {
    http_method = "POST"
    uri         = "${google_cloudfunctions2_function.fn[each.key].service_config[0].uri}${each.value.path}"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode("{}")
    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = google_cloudfunctions2_function.fn[each.key].service_config[0].uri
    }
  }

  depends_on = [google_project_service.enabled]
}
