//! Starting a fake on 127.0.0.1 and stopping it when its handle is dropped.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::oneshot;

use crate::faults::{self, FaultRule, Faults};
use crate::recorder::{self, Recorded, Recorder};

/// Wraps a fake's routes with the request recorder (outermost, so faulted requests
/// are recorded too), the fault injector, and the admin routes:
/// `GET /__admin/requests`, `GET|POST|DELETE /__admin/faults`.
pub(crate) fn instrument(routes: Router, recorder: &Recorder, faults: &Faults) -> Router {
    let admin = Router::new()
        .route("/__admin/requests", get(requests))
        .with_state(recorder.clone())
        .merge(
            Router::new()
                .route(
                    "/__admin/faults",
                    get(list_faults).post(add_fault).delete(clear_faults),
                )
                .with_state(faults.clone()),
        );
    routes
        .merge(admin)
        .layer(middleware::from_fn_with_state(
            faults.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            recorder.clone(),
            recorder::record,
        ))
}

async fn requests(State(recorder): State<Recorder>) -> Json<Vec<Recorded>> {
    Json(recorder.requests())
}

async fn list_faults(State(faults): State<Faults>) -> Json<Vec<FaultRule>> {
    Json(faults.rules())
}

async fn add_fault(State(faults): State<Faults>, Json(rule): Json<FaultRule>) -> StatusCode {
    faults.add(rule);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(faults): State<Faults>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}

/// A fake server running on its own thread and runtime, so that it serves
/// synchronous and asynchronous clients alike. Dropping it stops the server and
/// frees the port.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn start(router: Router, port: u16) -> std::io::Result<Running> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("fake-{addr}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime for the fake");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                    let service = router.into_make_service_with_connect_info::<SocketAddr>();
                    let _ = axum::serve(listener, service)
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                });
            })?;
        Ok(Running {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
