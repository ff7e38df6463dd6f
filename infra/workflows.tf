# Cloud Workflows sagas: the same YAML file the local stand-in runs (manifest `workflows.*.source`), read with
# file() so Terraform never interpolates its `${...}` expressions. Each is started by Eventarc from its topic,
# with the CloudEvent as the runtime argument, and calls step functions at FUNCTIONS_BASE_URL/<function>/...
# with OIDC (the same /<function>/... paths the local host serves).

resource "google_service_account" "workflow" {
  for_each     = local.m.workflows
  account_id   = each.value.accountId
  display_name = "SaludTech workflow ${each.key}"
}

resource "google_workflows_workflow" "wf" {
  for_each        = local.m.workflows
  name            = each.key
  region          = var.region
  description     = each.value.description
  service_account = google_service_account.workflow[each.key].id
  call_log_level  = "LOG_ERRORS_ONLY"
  source_contents = file("${path.module}/../${each.value.source}")
  user_env_vars = {
    FUNCTIONS_BASE_URL = "https://${var.region}-${var.project_id}.cloudfunctions.net"
  }
  depends_on = [google_project_service.enabled]
}

resource "google_eventarc_trigger" "workflow" {
  for_each        = local.m.workflows
  name            = "${each.key}-start"
  location        = var.region
  service_account = google_service_account.eventarc.email

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }

  transport {
    pubsub {
      topic = google_pubsub_topic.topic[each.value.triggerTopic].id
    }
  }

  destination {
    workflow = google_workflows_workflow.wf[each.key].id
  }

  depends_on = [google_project_iam_member.eventarc]
}

# A saga may call the workflow step functions, and nothing else.
resource "google_cloud_run_v2_service_iam_member" "workflow_invokes" {
  for_each = local.m.workflowInvokers
  name     = google_cloudfunctions2_function.fn[each.value.function].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.workflow[each.value.workflow].email}"
}

resource "google_project_iam_member" "workflow_logs" {
  for_each = local.m.workflows
  project  = var.project_id
  role     = "roles/logging.logWriter"
  member   = "serviceAccount:${google_service_account.workflow[each.key].email}"
}
