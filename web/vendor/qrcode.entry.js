// Entry of web/vendor/qrcode.js, the QR code of the invite link on the host's page
// (app/ui/invite-qr.js): the qrcode package's browser build (canvas renderer), bundled by esbuild.
import QRCode from 'qrcode';

export const toCanvas = QRCode.toCanvas;
