// The slice of dcmjs we type: its parser reads DICOM for DICOMweb and for tests independent of ours (callers cast the rest).
declare module 'dcmjs' {
  const dcmjs: {
    data: {
      DicomMessage: {
        readFile(buffer: ArrayBuffer): { dict: Record<string, unknown>; meta: Record<string, unknown> };
      };
    };
  };
  export default dcmjs;
}
