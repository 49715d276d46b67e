// Reading files the user picked, in the browser: as base64 (for importFiles) or as bytes.
function read<T>(file: Blob, how: (r: FileReader) => void, take: (r: FileReader) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(take(reader));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    how(reader);
  });
}

/** The file's bytes in base64, without the data: URL prefix. */
export function fileToBase64(file: Blob): Promise<string> {
  return read(
    file,
    (r) => r.readAsDataURL(file),
    (r) => String(r.result).replace(/^data:[^,]*,/, ''),
  );
}

export function fileToArrayBuffer(file: Blob): Promise<ArrayBuffer> {
  return read(
    file,
    (r) => r.readAsArrayBuffer(file),
    (r) => r.result as ArrayBuffer,
  );
}
