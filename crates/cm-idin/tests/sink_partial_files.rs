//! Eighteenth outside audit: a process killed while a [`FileSink`] writes (SIGKILL,
//! a crash, power lost before the fsync) must not leave a partly written answer
//! under an answer's name, where it reads like a body CM sent cut short. The file
//! sink wrote straight into `idin-*.json`; it now writes a hidden `.partial` file,
//! fsyncs it, and only then gives it its name.
#![allow(clippy::unwrap_used)]

use std::{
    path::PathBuf,
    sync::atomic::{AtomicBool, Ordering},
};

use cm_idin::FileSink;

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cm-idin-sink-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_file_sink_never_shows_a_partly_written_answer_under_an_answer_name() {
    let dir = scratch_dir("partial");
    let sink = FileSink::new(&dir);
    // Large enough that the write takes a while; watched from another thread.
    let body = vec![b' '; 32 << 20];
    let done = AtomicBool::new(false);
    let mut partly_written = Vec::new();
    let path = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let path = sink.write("t1", &body);
            done.store(true, Ordering::SeqCst);
            path
        });
        while !done.load(Ordering::SeqCst) {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("idin-") && name.ends_with(".json") {
                    let Ok(metadata) = entry.metadata() else {
                        continue;
                    };
                    if metadata.len() != body.len() as u64 {
                        partly_written.push((name, metadata.len()));
                    }
                }
            }
        }
        writer.join().unwrap()
    });
    let path = path.unwrap();
    assert!(
        partly_written.is_empty(),
        "seen under an answer's name before it was whole: {:?}",
        &partly_written[..partly_written.len().min(3)]
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), body.len() as u64);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "only the answer is left: {left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
