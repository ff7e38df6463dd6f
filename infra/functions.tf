# One Cloud Run function (gen2) per manifest entry, sized and identified as the manifest says. The trigger of
# each kind lives where it belongs: http → load balancer route (api.tf), pubsub → push subscription
# (pubsub.tf), storage → Eventarc trigger (below), workflow → invoker grant to the saga (workflows.tf).
#
# Source: one zip of the built repository (`npm ci && npm run build` → dist/; see README) for every function;
# `dist/functions/index.js` registers only FUNCTION_TARGET, which Cloud Run sets from entry_point.

resource "google_artifact_registry_repository" "functions" {
  repository_id = "${local.name_prefix}-functions"
  location      = var.region
  format        = "DOCKER"
  description   = "Function images built by Cloud Build"
  depends_on    = [google_project_service.enabled]
}

resource "google_cloudfunctions2_function" "fn" {
  for_each    = local.m.functions
  name        = each.key
  location    = var.region
  description = each.value.description
  labels      = { context = replace(each.value.context, "-", "_"), trigger = each.value.kind }

  build_config {
    runtime           = local.m.source.runtime
    entry_point       = each.value.entryPoint
    service_account   = google_service_account.builder.id
    docker_repository = google_artifact_registry_repository.functions.id
    # The zip already holds the compiled dist/: the buildpack only installs production dependencies.
    environment_variables = { GOOGLE_NODE_RUN_SCRIPTS = "" }
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = var.function_source_object
      }
    }
  }

  service_config {
    available_memory                 = each.value.memory
    available_cpu                    = each.value.cpu
    timeout_seconds                  = each.value.timeoutSeconds
    max_instance_request_concurrency = each.value.concurrency
    min_instance_count               = min(each.value.minInstances, var.min_instances_cap)
    max_instance_count               = min(each.value.maxInstances, var.max_instances_cap)
    ingress_settings                 = each.value.ingress
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.context[each.value.serviceAccount].email
    environment_variables            = local.function_env

    # Secrets only for the contexts var.secrets lists, always the latest version.
    dynamic "secret_environment_variables" {
      for_each = { for name, contexts in var.secrets : name => name if contains(contexts, each.value.context) }
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = google_secret_manager_secret.env[secret_environment_variables.key].secret_id
        version    = "latest"
      }
    }
  }

  # Storage-triggered functions only (the list is empty for every other kind).
  dynamic "event_trigger" {
    for_each = each.value.eventTriggers
    content {
      trigger_region        = var.region
      event_type            = event_trigger.value.eventType
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = google_service_account.eventarc.email
      event_filters {
        attribute = "bucket"
        value     = google_storage_bucket.data[event_trigger.value.bucket].name
      }
    }
  }

  depends_on = [google_project_service.enabled, google_project_iam_member.builder, google_secret_manager_secret_iam_binding.env]
}

# Eventarc delivers storage events as this account.
resource "google_cloud_run_v2_service_iam_member" "eventarc_invokes" {
  for_each = local.m.storageTriggers
  name     = google_cloudfunctions2_function.fn[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.eventarc.email}"
}

# Public routes: anyone may reach the service, but only through the load balancer (ingress
# ALLOW_INTERNAL_AND_GCLB, Cloud Armor in front) — identity is enforced by every handler from the Identity
# Platform ID token and the manifest's roles (functions/platform/http/http-handler.ts), as locally.
resource "google_cloud_run_v2_service_iam_member" "public_invokes" {
  for_each = local.m.httpRoutes
  name     = google_cloudfunctions2_function.fn[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_secret_manager_secret" "env" {
  for_each  = var.secrets
  secret_id = "${local.name_prefix}-${lower(replace(each.key, "_", "-"))}"
  replication {
    auto {}
  }
  depends_on = [google_project_service.enabled]
}

# Only the listed contexts' accounts may read each secret (the binding is authoritative for this one secret).
resource "google_secret_manager_secret_iam_binding" "env" {
  for_each  = var.secrets
  secret_id = google_secret_manager_secret.env[each.key].id
  role      = "roles/secretmanager.secretAccessor"
  members   = [for c in each.value : "serviceAccount:${google_service_account.context[c].email}"]
}
