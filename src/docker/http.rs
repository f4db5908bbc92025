//! The smallest HTTP/1.1 client the Engine API needs: one `GET` per connection (`Connection:
//! close`), blocking, with the caller's timeouts on the socket, reading a body sized by
//! `Content-Length`, by chunks, or by the end of the connection. No async runtime, no TLS: the
//! engine is a local socket (or a named pipe on Windows).

use std::io::{BufRead, BufReader, Read, Write};

/// The most a response body may hold: far above any answer wsltune asks for (`/system/df` of a
/// big engine is a few MB), low enough that a confused peer cannot fill the memory.
const MAX_BODY: usize = 64 << 20;

/// What went wrong on the wire.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The socket failed (timeouts included).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The peer did not speak HTTP as expected.
    #[error("a malformed answer: {0}")]
    Malformed(String),
    /// An answer other than 2xx, with the engine's message.
    #[error("HTTP {status}: {message}")]
    Status {
        /// The status code.
        status: u16,
        /// The engine's `message`, or the body's start.
        message: String,
    },
}

/// Sends `GET path` on `stream` and returns the body of a 2xx answer.
pub fn get(stream: &mut (impl Read + Write), path: &str) -> Result<Vec<u8>, HttpError> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: wsltune/{}\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    stream.write_all(request.as_bytes())?;
    stream.flush()?;
    read_response(BufReader::new(stream))
}

/// Reads a response: status line, headers, body.
pub fn read_response(mut reader: impl BufRead) -> Result<Vec<u8>, HttpError> {
    let malformed = |what: &str| HttpError::Malformed(what.to_owned());
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.trim_end().splitn(3, ' ');
    let (Some(version), Some(code)) = (parts.next(), parts.next()) else {
        return Err(malformed("no status line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(malformed("not HTTP/1.x"));
    }
    let status: u16 = code.parse().map_err(|_| malformed("a status that is not a number"))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(malformed("the headers end early"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else { continue };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().map_err(|_| malformed("a bad Content-Length"))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let body = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(n) = length {
        if n > MAX_BODY {
            return Err(malformed("a body over 64 MiB"));
        }
        let mut body = vec![0; n];
        reader.read_exact(&mut body)?;
        body
    } else {
        let mut body = Vec::new();
        reader.take(MAX_BODY as u64 + 1).read_to_end(&mut body)?;
        if body.len() > MAX_BODY {
            return Err(malformed("a body over 64 MiB"));
        }
        body
    };
    if !(200..300).contains(&status) {
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| {
                String::from_utf8_lossy(body.get(..200).unwrap_or(&body)).trim().to_owned()
            });
        return Err(HttpError::Status { status, message });
    }
    Ok(body)
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, HttpError> {
    let malformed = |what: &str| HttpError::Malformed(what.to_owned());
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(malformed("the chunks end early"));
        }
        let size = line.trim_end().split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| malformed("a bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line (or the end).
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(malformed("a body over 64 MiB"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(body.get_mut(start..).unwrap_or_default())?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return Err(malformed("a chunk without its CRLF"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &[u8]) -> Result<Vec<u8>, HttpError> {
        read_response(std::io::Cursor::new(raw.to_vec()))
    }

    #[test]
    fn bodies_by_length_chunks_and_close() {
        let sized = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
        assert_eq!(read(sized).unwrap(), b"{\"a\":1}");
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n";
        assert_eq!(read(chunked).unwrap(), b"{\"a\":1}");
        let closed = b"HTTP/1.0 200 OK\r\n\r\n{\"a\":1}";
        assert_eq!(read(closed).unwrap(), b"{\"a\":1}");
    }

    #[test]
    fn errors_carry_the_engines_message() {
        let body = r#"{"message":"client version 1.99 is too new. Maximum supported API version is 1.41"}"#;
        let raw =
            format!("HTTP/1.1 400 Bad Request\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        match read(raw.as_bytes()) {
            Err(HttpError::Status { status: 400, message }) => {
                assert!(message.starts_with("client version 1.99"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for raw in [
            &b""[..],
            b"SSH-2.0-OpenSSH\r\n",
            b"HTTP/1.1 abc\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",
        ] {
            assert!(read(raw).is_err(), "{:?}", String::from_utf8_lossy(raw));
        }
    }
}
