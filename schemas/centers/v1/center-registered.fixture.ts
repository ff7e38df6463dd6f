/** A valid CenterRegistered v1 payload, shared by the tests that read it as v1 or upcast it. */
export const centerRegisteredV1Data = {
  centerId: '6f1c1d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
  code: 'HSJ-BOG',
  name: 'Hospital San José',
  city: 'Bogotá',
  contactEmail: 'imagenes@hsj.example',
  registeredAt: '2026-11-23T10:00:00.000Z',
};
