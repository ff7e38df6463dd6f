# The public API front: a global external Application Load Balancer with one serverless NEG per HTTP function
# and a URL map built from the manifest's routes (generated/manifest.json `httpRoutes`).
#
# Why not API Gateway: it accepts only Swagger 2.0 (OpenAPI 2), and our generated contract is OpenAPI 3.1
# (schemas/generated/openapi.json, JSON Schema 2020-12 bodies), which does not down-convert without losing
# schema features. The load balancer needs no API document, routes on method + path template, gives one HTTPS
# host with a managed certificate, and takes Cloud Armor (per-client throttling) in front. Identity is checked
# in every function from the Identity Platform ID token, as in the local suite.

resource "google_compute_region_network_endpoint_group" "fn" {
  for_each              = local.m.httpRoutes
  name                  = "${local.name_prefix}-${each.key}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"
  # A gen2 function is a Cloud Run service of the same name.
  cloud_run {
    service = google_cloudfunctions2_function.fn[each.key].name
  }
}

resource "google_compute_security_policy" "api" {
  name        = "${local.name_prefix}-api"
  description = "Per-client-IP throttling in front of the per-user limiter"
  type        = "CLOUD_ARMOR"

  rule {
    action   = "throttle"
    priority = 1000
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"
      rate_limit_threshold {
        count        = var.rate_limit_per_minute
        interval_sec = 60
      }
    }
  }

  rule {
    action   = "allow"
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}

resource "google_compute_backend_service" "fn" {
  for_each              = local.m.httpRoutes
  name                  = "${local.name_prefix}-${each.key}"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"
  security_policy       = google_compute_security_policy.api.id

  backend {
    group = google_compute_region_network_endpoint_group.fn[each.key].id
  }

  log_config {
    enable      = true
    sample_rate = 1
  }
}

resource "google_compute_url_map" "api" {
  name = "${local.name_prefix}-api"

  # Unknown routes answer 404 at the edge: the default action aborts before reaching any backend.
  default_route_action {
    weighted_backend_services {
      backend_service = values(google_compute_backend_service.fn)[0].id
      weight          = 100
    }
    fault_injection_policy {
      abort {
        http_status = 404
        percentage  = 100
      }
    }
  }

  host_rule {
    hosts        = var.api_domains
    path_matcher = "routes"
  }

  path_matcher {
    name = "routes"

    default_route_action {
      weighted_backend_services {
        backend_service = values(google_compute_backend_service.fn)[0].id
        weight          = 100
      }
      fault_injection_policy {
        abort {
          http_status = 404
          percentage  = 100
        }
      }
    }

    # One rule per HTTP function: method (the `:method` pseudo-header) + path; literal paths get the lowest
    # priority numbers so they win over templates (infra/route-match.ts).
    dynamic "route_rules" {
      for_each = local.m.httpRoutes
      content {
        priority = route_rules.value.priority
        service  = google_compute_backend_service.fn[route_rules.key].id
        match_rules {
          full_path_match     = route_rules.value.match.kind == "full" ? route_rules.value.match.value : null
          path_template_match = route_rules.value.match.kind == "template" ? route_rules.value.match.value : null
          regex_match         = route_rules.value.match.kind == "regex" ? route_rules.value.match.value : null
          header_matches {
            header_name = ":method"
            exact_match = route_rules.value.method
          }
        }
      }
    }
  }
}

resource "google_compute_managed_ssl_certificate" "api" {
  name = "${local.name_prefix}-api"
  managed {
    domains = var.api_domains
  }
}

resource "google_compute_target_https_proxy" "api" {
  name             = "${local.name_prefix}-api"
  url_map          = google_compute_url_map.api.id
  ssl_certificates = [google_compute_managed_ssl_certificate.api.id]
}

resource "google_compute_global_address" "api" {
  name = "${local.name_prefix}-api"
}

resource "google_compute_global_forwarding_rule" "api" {
  name                  = "${local.name_prefix}-api-https"
  target                = google_compute_target_https_proxy.api.id
  ip_address            = google_compute_global_address.api.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

# Plain HTTP only redirects to HTTPS.
resource "google_compute_url_map" "redirect" {
  name = "${local.name_prefix}-api-redirect"
  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "redirect" {
  name    = "${local.name_prefix}-api-redirect"
  url_map = google_compute_url_map.redirect.id
}

resource "google_compute_global_forwarding_rule" "redirect" {
  name                  = "${local.name_prefix}-api-http"
  target                = google_compute_target_http_proxy.redirect.id
  ip_address            = google_compute_global_address.api.id
  port_range            = "80"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
