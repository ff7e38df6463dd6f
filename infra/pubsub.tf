# Pub/Sub: the manifest's topics (with a topic schema where one can validate what we publish — see
# infra/topic-schemas.ts for the rule and generated/manifest.json `topics.*.schema` for each decision), one push
# subscription per Pub/Sub-triggered function with retry backoff and its own dead-letter topic.
#
# Why our own push subscriptions and not Eventarc Pub/Sub triggers: Eventarc creates and owns the subscription of
# a Pub/Sub trigger, and its dead-letter policy cannot be managed here. A push subscription to the function URL
# with the topic in the path is also exactly what the local suite does (emulators/suite/wiring.ts):
# functions-framework turns the push body into the same `google.cloud.pubsub.topic.v1.messagePublished`
# CloudEvent, with `source` taken from the path.

resource "google_pubsub_schema" "topic" {
  for_each   = local.m.topicSchemas
  name       = each.key
  type       = "AVRO"
  definition = file("${path.module}/../${each.value.definitionFile}")
  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_topic" "topic" {
  for_each                   = local.m.topics
  name                       = each.key
  message_retention_duration = "604800s" # replay window for projections: 7 days
  labels                     = { context = replace(each.value.context, "-", "_") }

  dynamic "schema_settings" {
    for_each = each.value.schema.attached ? [each.key] : []
    content {
      schema   = google_pubsub_schema.topic[each.value.schema.schemaId].id
      encoding = "JSON"
    }
  }

  depends_on = [google_project_service.enabled]
}

resource "google_pubsub_topic" "dead_letter" {
  for_each                   = local.m.deadLetterTopics
  name                       = each.key
  # Kept on the topic itself for 31 days (the maximum), with or without a subscription: to inspect or replay,
  # create a subscription and seek it back (README: Deploy to GCP → dead letters).
  message_retention_duration = "2678400s"
  labels                     = { context = replace(each.value.context, "-", "_"), function = each.value.function }
  depends_on                 = [google_project_service.enabled]
}

# A pull subscription on each dead-letter topic: what `GET /dead-letters` peeks at and a replay drains
# (functions/platform/adapters/dead-letters.ts). It is itself the end of the line: no dead-letter policy.
resource "google_pubsub_subscription" "dead_letter_inspect" {
  for_each                   = local.m.deadLetterTopics
  name                       = "${each.key}.inspect"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  expiration_policy {
    ttl = ""
  }
}

# The push identity: Pub/Sub signs an OIDC token as this account; it may invoke Pub/Sub-triggered functions only.
resource "google_service_account" "pubsub_push" {
  account_id   = "pubsub-push"
  display_name = "SaludTech Pub/Sub push to functions"
}

resource "google_pubsub_subscription" "push" {
  for_each             = local.m.pushSubscriptions
  name                 = each.value.subscription
  topic                = google_pubsub_topic.topic[each.value.topic].id
  ack_deadline_seconds = each.value.ackDeadlineSeconds
  # Only the message types the function handles (on `ce-type`); null when it takes the whole topic. Pub/Sub
  # acks the others itself. A filter cannot be changed in place: changing it replaces the subscription.
  filter = each.value.filter
  expiration_policy {
    ttl = ""
  }

  push_config {
    push_endpoint = "${google_cloudfunctions2_function.fn[each.key].service_config[0].uri}/projects/${var.project_id}/topics/${each.value.topic}"
    oidc_token {
      service_account_email = google_service_account.pubsub_push.email
      audience              = google_cloudfunctions2_function.fn[each.key].service_config[0].uri
    }
  }

  retry_policy {
    minimum_backoff = each.value.minimumBackoff
    maximum_backoff = each.value.maximumBackoff
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.value.deadLetterTopic].id
    max_delivery_attempts = each.value.maxDeliveryAttempts
  }

  depends_on = [google_pubsub_topic_iam_member.agent_publishes_dead_letters]
}

# Dead-lettering is done by the Pub/Sub service agent: it must publish to each dead-letter topic and
# subscribe (acknowledge) on each source subscription.
resource "google_pubsub_topic_iam_member" "agent_publishes_dead_letters" {
  for_each = local.m.deadLetterTopics
  topic    = google_pubsub_topic.dead_letter[each.key].id
  role     = "roles/pubsub.publisher"
  member   = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "agent_acks_source" {
  for_each     = local.m.pushSubscriptions
  subscription = google_pubsub_subscription.push[each.key].id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

# The agent mints the push OIDC tokens as pubsub-push.
resource "google_service_account_iam_member" "agent_mints_push_tokens" {
  service_account_id = google_service_account.pubsub_push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

resource "google_cloud_run_v2_service_iam_member" "push_invokes" {
  for_each = local.m.pushSubscriptions
  name     = google_cloudfunctions2_function.fn[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.pubsub_push.email}"
}
