/** The channel for each kind of address, built once per instance from configuration. */
import type { Channel } from '../../../schemas/notifications/v1/notification.fields.ts';
import { notificationsConfig } from '../notifications.config.ts';
import type { DeliveryChannel } from './channel.port.ts';
import { smtpChannel } from './smtp.channel.ts';
import { webhookChannel } from './webhook.channel.ts';

let built: Record<Channel, DeliveryChannel> | undefined;

export function channelFor(channel: Channel): DeliveryChannel {
  const c = notificationsConfig();
  built ??= {
    email: smtpChannel({ host: c.smtpHost, port: c.smtpPort, from: c.mailFrom }),
    webhook: webhookChannel({ secret: c.webhookSecret, timeoutMs: c.webhookTimeoutMs }),
  };
  return built[channel];
}
