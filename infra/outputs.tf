output "api_ip" {
  description = "Point the api_domains DNS A records here; the managed certificate activates once they resolve."
  value       = google_compute_global_address.api.address
}

output "api_url" {
  value = "https://${var.api_domains[0]}"
}

output "function_uris" {
  description = "Direct Cloud Run URIs (internal or LB-only ingress: not callable from the internet)."
  value       = { for name, fn in google_cloudfunctions2_function.fn : name => fn.service_config[0].uri }
}

output "buckets" {
  value = merge({ for k, b in google_storage_bucket.data : k => b.name }, { sources = google_storage_bucket.sources.name })
}

output "kms_keys" {
  value = merge({ for k, key in google_kms_crypto_key.symmetric : k => key.id }, { "token-signing" = google_kms_crypto_key.token_signing.id })
}

output "service_accounts" {
  value = { for context, sa in google_service_account.context : context => sa.email }
}

output "workflows" {
  value = { for name, wf in google_workflows_workflow.wf : name => wf.id }
}
