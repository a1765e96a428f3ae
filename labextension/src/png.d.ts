// The bundler turns an imported .png into the URL it serves the image at.
declare module '*.png' {
  const url: string;
  export default url;
}
