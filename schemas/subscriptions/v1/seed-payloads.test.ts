import { describe, expect, it } from 'vitest';
import { SeedCreateDataServicePayload } from '../../data-services/v1/seed-create-data-service.payload.ts';
import { SeedBffSubscriptionBody } from './seed-bff-subscription.body.ts';
import { SeedCreateSubscriptionPayload } from './seed-create-subscription.payload.ts';

// Copied verbatim from seed 001 (BFF WEB, POST /suscripciones/suscripcion-comando).
const seedBody = `{
    "cliente": {
            "codigo": "0001",
            "nombre": {
                "nombres": "Pablo",
                "apellidos": "Perez Prieto"
            },
            "usuario": "pperez",
            "rut": {
                "numero": 123457890
            },
            "cedula": {
                "numero": 123457890
            },
            "email": "pperez@domain.com"
    },
    "plan": {
            "codigo": "pro",
            "nombre": "PRO"
    },
    "facturas": []
    }`;

describe('seed 001 payloads', () => {
  it('accepts the BFF subscription body exactly as the seed shows it', () => {
    const parsed = SeedBffSubscriptionBody.parse(JSON.parse(seedBody));
    expect(parsed.cliente.nombre.apellidos).toBe('Perez Prieto');
    expect(parsed.plan).toEqual({ codigo: 'pro', nombre: 'PRO' });
  });

  it('rejects a BFF body with an unknown field, a bad e-mail or a numero sent as text', () => {
    const body = JSON.parse(seedBody);
    expect(SeedBffSubscriptionBody.safeParse({ ...body, extra: 1 }).success).toBe(false);
    expect(
      SeedBffSubscriptionBody.safeParse({ ...body, cliente: { ...body.cliente, email: 'x' } }).success,
    ).toBe(false);
    expect(
      SeedBffSubscriptionBody.safeParse({ ...body, cliente: { ...body.cliente, rut: { numero: '123' } } })
        .success,
    ).toBe(false);
  });

  it('accepts ComandoCrearSuscripcion flattened from the BFF body, as the seed BFF published it', () => {
    const { cliente, plan } = SeedBffSubscriptionBody.parse(JSON.parse(seedBody));
    const payload = {
      cliente_codigo: cliente.codigo,
      cliente_nombres: cliente.nombre.nombres,
      cliente_apellidos: cliente.nombre.apellidos,
      cliente_usuario: cliente.usuario,
      cliente_rut: String(cliente.rut.numero),
      cliente_cedula: String(cliente.cedula.numero),
      cliente_email: cliente.email,
      plan_codigo: plan.codigo,
      plan_nombre: plan.nombre,
    };
    expect(SeedCreateSubscriptionPayload.parse(payload)).toEqual(payload);
  });

  it('accepts ComandoCrearServicioDatos with nube, dataset and suscripcion as nested objects', () => {
    const payload = {
      cliente_codigo: '0001',
      cliente_nombres: 'Pablo',
      cliente_apellidos: 'Perez Prieto',
      cliente_usuario: 'pperez',
      plan_codigo: 'pro',
      plan_nombre: 'PRO',
      experto_codigo: 'E-01',
      experto_nombres: 'Ana',
      experto_apellidos: 'Ruiz',
      experto_usuario: 'aruiz',
      experto_cedula: '52000111',
      experto_email: 'aruiz@domain.com',
      nube: { codigo: 'gcp-1', nombre: 'GCP', tipo: 'publica' },
      dataset: { codigo: 'ds-1', nombre: 'Torax CT' },
      suscripcion: { codigo: 's-1' },
    };
    expect(SeedCreateDataServicePayload.parse(payload)).toEqual(payload);
    expect(SeedCreateDataServicePayload.safeParse({ ...payload, 'nube.codigo': 'gcp-1' }).success).toBe(
      false,
    );
  });
});
