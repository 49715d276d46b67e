// Builds the task pane (dist/taskpane.html + bundles), copies the manifest, icons and sample workbooks.
// `--env intranet` serves office.js from this site (node_modules/@microsoft/office-js) instead of
// Microsoft's CDN. HTTPS certificates are needed only by the dev server, never by a build.
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
const OFFICE_JS_CDN = `${OFFICE_CDN}/lib/1/hosted/office.js`;
const OFFICE_JS_LOCAL = 'office-js/office.js';

/** Nothing is fetched from outside but office.js (and the scripts it loads) from Microsoft's CDN. */
function contentSecurityPolicy(intranet) {
  const scripts = intranet ? "'self'" : `'self' ${OFFICE_CDN}`;
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    // Fluent UI (Griffel) inserts its style rules at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

async function devServerHttps() {
  const devCerts = require('office-addin-dev-certs');
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { type: 'https', options: { ca, key, cert } };
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const intranet = Boolean(env.intranet);
  const serving = Boolean(env.WEBPACK_SERVE);
  const outputPath = env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, 'dist');

  const copies = [
    { from: 'manifest.xml', to: 'manifest.xml' },
    { from: 'assets/*.png', to: 'assets/[name][ext]' },
    { from: 'samples/*.xlsx', to: 'samples/[name][ext]', noErrorOnMissing: true },
  ];
  if (intranet) {
    copies.push({
      from: 'node_modules/@microsoft/office-js/dist',
      to: 'office-js',
      globOptions: { ignore: ['**/*.debug.js', '**/office-vsdoc.js', '**/*.d.ts'] },
      // Microsoft ships these minified; re-minifying 30 MB of scripts would only slow the build.
      info: { minimized: true },
    });
  }

  return {
    mode,
    devtool: mode === 'development' ? 'source-map' : false,
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: outputPath,
      filename: mode === 'production' ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: mode === 'production' ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: '',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // ES modules, so that webpack tree-shakes Fluent UI and splits the preview's ExcelJS chunk.
            options: { transpileOnly: true, compilerOptions: { module: 'esnext', sourceMap: mode === 'development' } },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        officeJs: intranet ? OFFICE_JS_LOCAL : OFFICE_JS_CDN,
        csp: contentSecurityPolicy(intranet),
      }),
      new CopyWebpackPlugin({ patterns: copies }),
    ],
    // The preview's ExcelJS stays in one async chunk with the preview host: the Office path never loads it.
    optimization: { splitChunks: { chunks: 'async', cacheGroups: { defaultVendors: false, default: false } } },
    performance: { hints: false },
    devServer: serving
      ? {
          port: 3000,
          headers: { 'Access-Control-Allow-Origin': '*' },
          server: env.http ? 'http' : await devServerHttps(),
          static: false,
        }
      : undefined,
  };
};
