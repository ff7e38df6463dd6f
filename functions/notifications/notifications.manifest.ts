/** The notifications context's part of the function manifest. */
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import {
  DataServiceStartedV1,
  ExpertAssignedV1,
} from '../../schemas/data-services/v1/data-service.events.ts';
import { UserRegisteredV1 } from '../../schemas/identity/v1/user-registered.event.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import { DeliverNotificationV1 } from '../../schemas/notifications/v1/deliver-notification.command.ts';
import {
  NotificationConfirmedV1,
  NotificationCreatedV1,
  NotificationFailedV1,
  NotificationSentV1,
} from '../../schemas/notifications/v1/notification-integration.events.ts';
import { ClinicalResultRecordedV1 } from '../../schemas/results/v1/clinical-result.events.ts';
import { NotificationRequestedV1 } from '../../schemas/sagas/v1/notification-requested.event.ts';
import {
  SubscriptionActivatedV1,
  SubscriptionCancelledV1,
  SubscriptionCreatedV1,
  SubscriptionFailedV1,
} from '../../schemas/subscriptions/v1/subscription.events.ts';
import { http, pubsub, small } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {
  'notifications.deliver': { context: 'notifications', carries: [DeliverNotificationV1] },
  'notifications.events': {
    context: 'notifications',
    carries: [NotificationCreatedV1, NotificationSentV1, NotificationFailedV1, NotificationConfirmedV1],
  },
} as const satisfies Record<string, TopicSpec>;

const ALL = ['admin', 'health_center', 'client', 'expert', 'reidentification_officer'] as const;

export const functions = {
  'request-notification': {
    ...small,
    context: 'notifications',
    description: 'Creates a notification to an explicit e-mail or webhook (admin).',
    trigger: http('POST', '/notifications', ['admin']),
  },
  'list-notifications': {
    ...small,
    context: 'notifications',
    description: 'Lists notifications from the read model, by recipient and status.',
    trigger: http('GET', '/notifications', ALL),
  },
  'get-notification': {
    ...small,
    context: 'notifications',
    description: 'Reads one notification from the read model.',
    trigger: http('GET', '/notifications/{id}', ALL),
  },
  'get-notification-events': {
    ...small,
    context: 'notifications',
    description: "Reads a notification's event stream (audit trail).",
    trigger: http('GET', '/notifications/{id}/events', ['admin']),
  },
  'confirm-notification-receipt': {
    ...small,
    context: 'notifications',
    description: "Records the mail provider's HMAC-signed delivery receipt.",
    // The provider has no Firebase identity: the HMAC signature is the authentication.
    trigger: http('POST', '/notifications/receipts', 'public'),
  },
  'put-recipient': {
    ...small,
    context: 'notifications',
    description: 'Sets where a recipient is reached (e-mail or webhook), sealed.',
    trigger: http('PUT', '/notifications/recipients/{id}', ALL),
  },
  'deliver-notification': {
    ...small,
    context: 'notifications',
    description: 'Runs one delivery attempt (SMTP or webhook) and records its outcome.',
    // Early attempts are nacked until due: short backoff, and enough attempts to span the longest retry delay.
    trigger: pubsub('notifications.deliver', [DeliverNotificationV1], {
      minBackoffSeconds: 1,
      maxBackoffSeconds: 60,
      maxDeliveryAttempts: 100,
    }),
  },
  'notify-saga-request': {
    ...small,
    context: 'notifications',
    description:
      "Notifies the subscription's owner a saga asked for (NotificationRequested from the subscription saga's notify step).",
    trigger: pubsub('sagas.events', [NotificationRequestedV1]),
  },
  'welcome-registered-user': {
    ...small,
    context: 'notifications',
    description: 'Sends the welcome e-mail for UserRegistered.',
    trigger: pubsub('identity.events', [UserRegisteredV1]),
  },
  'capture-center-contact': {
    ...small,
    context: 'notifications',
    description: "Keeps a center's contact mailbox (sealed) in the recipients directory.",
    trigger: pubsub('centers.events', [CenterRegisteredV2]),
  },
  'notify-result-recorded': {
    ...small,
    context: 'notifications',
    description: 'Tells the owning center a clinical result was recorded.',
    trigger: pubsub('results.events', [ClinicalResultRecordedV1]),
  },
  'notify-subscription-activated': {
    ...small,
    context: 'notifications',
    description: "Tells the subscription's owner it is active.",
    trigger: pubsub('subscriptions.events', [SubscriptionActivatedV1]),
  },
  'notify-subscription-failed': {
    ...small,
    context: 'notifications',
    description: "Tells the subscription's owner it could not be set up.",
    trigger: pubsub('subscriptions.events', [SubscriptionFailedV1]),
  },
  'notify-subscription-cancelled': {
    ...small,
    context: 'notifications',
    description: "Tells the subscription's owner it was cancelled.",
    trigger: pubsub('subscriptions.events', [SubscriptionCancelledV1]),
  },
  'capture-subscription-client': {
    ...small,
    context: 'notifications',
    description: "Remembers each subscription's owning user for events that carry only the subscription id.",
    trigger: pubsub('subscriptions.events', [SubscriptionCreatedV1]),
  },
  'notify-data-service-started': {
    ...small,
    context: 'notifications',
    description: "Tells the subscription's owner its data service is running.",
    trigger: pubsub('data-services.events', [DataServiceStartedV1]),
  },
  'notify-expert-assigned': {
    ...small,
    context: 'notifications',
    description: 'Tells the expert about a new data-service assignment.',
    trigger: pubsub('data-services.events', [ExpertAssignedV1]),
  },
  'notify-images-rejected': {
    ...small,
    context: 'notifications',
    description: 'Tells the center which images of an upload were rejected, one digest per upload.',
    trigger: pubsub('imaging.events', [ImageRejectedV1]),
  },
} as const satisfies Record<string, FunctionSpec>;
