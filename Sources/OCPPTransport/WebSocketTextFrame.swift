import NIOCore
import NIOWebSocket

/// A text message encoded as one complete, unfragmented WebSocket frame (RFC 6455 §5.2): header
/// and payload in a single buffer, masked when a key is given (frames a client sends).
///
/// The connection writes these past NIO's frame encoder. Given a `WebSocketFrame` whose payload
/// buffer is still referenced by the frame, the encoder cannot put the header in front of the
/// payload and writes it as a second buffer, which costs an allocation and a second write per
/// message.
enum WebSocketTextFrame {
    /// The longest frame header: 2 bytes, 8 of extended payload length, 4 of mask key.
    static let maxHeaderSize = 14

    static func encode(_ text: String, maskKey: WebSocketMaskingKey?, allocator: ByteBufferAllocator) -> ByteBuffer {
        let length = text.utf8.count
        var buffer = allocator.buffer(capacity: maxHeaderSize + length)
        buffer.writeInteger(UInt8(0x81))  // FIN, opcode 1 (text)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        switch length {
        case ..<126:
            buffer.writeInteger(UInt8(length) | maskBit)
        case ...0xFFFF:
            buffer.writeInteger(126 | maskBit)
            buffer.writeInteger(UInt16(length))
        default:
            buffer.writeInteger(127 | maskBit)
            buffer.writeInteger(UInt64(length))
        }
        guard let maskKey else {
            buffer.writeString(text)
            return buffer
        }
        buffer.writeBytes(maskKey)
        // RFC 6455 §5.3: only the payload is masked; NIO masks a buffer's readable bytes.
        let payloadStart = buffer.readerIndex + buffer.readableBytes
        buffer.writeString(text)
        let frameStart = buffer.readerIndex
        buffer.moveReaderIndex(to: payloadStart)
        buffer.webSocketMask(maskKey)
        buffer.moveReaderIndex(to: frameStart)
        return buffer
    }
}
