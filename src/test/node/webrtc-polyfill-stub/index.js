// Stand-in for webrtc-polyfill (whose install downloads a native binary from outside the npm registry): real
// libwebrtc from @roamhq/wrtc when RENDEZVOUS_WEBRTC=wrtc is set before it is imported, else the SDP-only fake.
import * as fake from './fake.js'

const real = process.env.RENDEZVOUS_WEBRTC === 'wrtc' ? (await import('@roamhq/wrtc')).default : null

export const RTCPeerConnection = real ? real.RTCPeerConnection : fake.RTCPeerConnection
export const RTCSessionDescription = real ? real.RTCSessionDescription : fake.RTCSessionDescription
export const RTCIceCandidate = real ? real.RTCIceCandidate : fake.RTCIceCandidate
export const descriptionsSet = fake.descriptionsSet
export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate }
