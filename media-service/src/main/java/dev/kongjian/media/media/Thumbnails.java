package dev.kongjian.media.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.bson.BsonString;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;

import dev.kongjian.media.MediaProperties;

/**
 * JPEG thumbnails. An image is read subsampled, so that decoding it takes memory for about twice
 * the thumbnail's pixels, not for the whole picture (a 20 MB photo or a tiny file claiming to be
 * 50,000 pixels square would otherwise fill the heap); only a few are made at once. Each is made
 * once and kept in GridFS (bucket {@code thumbnails}). Video and audio get a placeholder: decoding
 * a poster frame would need a video decoder this service does not carry.
 */
@Component
class Thumbnails {

    enum Size { SMALL, MEDIUM }

    record Dimensions(int width, int height) {
    }

    private final GridFSBucket cache;
    private final MediaProperties properties;
    private final Semaphore making;
    private final Map<String, byte[]> placeholders = new ConcurrentHashMap<>();

    Thumbnails(MongoTemplate mongo, MediaProperties properties) {
        this.cache = GridFSBuckets.create(mongo.getDb(), "thumbnails");
        this.properties = properties;
        this.making = new Semaphore(properties.thumbnailsAtOnce());
    }

    /** The image's dimensions from its header, or empty where it is not an image ImageIO can read. */
    Optional<Dimensions> dimensions(Supplier<InputStream> bytes) {
        try (InputStream in = bytes.get(); ImageInputStream image = ImageIO.createImageInputStream(in)) {
            ImageReader reader = reader(image);
            if (reader == null) {
                return Optional.empty();
            }
            try {
                reader.setInput(image, true, true);
                return Optional.of(new Dimensions(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    byte[] of(String mediaId, MediaKinds.Kind kind, Size size, Supplier<InputStream> bytes) {
        int box = size == Size.SMALL ? properties.smallThumbnail() : properties.mediumThumbnail();
        if (kind != MediaKinds.Kind.IMAGE) {
            return placeholders.computeIfAbsent(kind + ":" + size, key -> placeholder(kind, box));
        }
        String name = mediaId + ":" + size;
        try {
            return cache.openDownloadStream(new BsonString(name)).readAllBytes();
        } catch (MongoGridFSException | IOException e) {
            // not made yet
        }
        byte[] made;
        making.acquireUninterruptibly();
        try {
            made = jpeg(scaled(bytes, box));
        } finally {
            making.release();
        }
        try {
            cache.uploadFromStream(new BsonString(name), name, new java.io.ByteArrayInputStream(made),
                    new GridFSUploadOptions().metadata(new Document("mediaId", mediaId)));
        } catch (RuntimeException e) {
            // another request stored it at the same moment; ours is the same picture
        }
        return made;
    }

    void forget(String mediaId) {
        for (Size size : Size.values()) {
            try {
                cache.delete(new BsonString(mediaId + ":" + size));
            } catch (MongoGridFSException e) {
                // never made
            }
        }
    }

    private static BufferedImage scaled(Supplier<InputStream> bytes, int box) {
        try (InputStream in = bytes.get(); ImageInputStream image = ImageIO.createImageInputStream(in)) {
            ImageReader reader = reader(image);
            if (reader == null) {
                throw new IllegalStateException("No reader for a stored image");
            }
            try {
                reader.setInput(image, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (2 * box));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage read = reader.read(0, param);
                double scale = Math.min(1.0, (double) box / Math.max(read.getWidth(), read.getHeight()));
                int w = Math.max(1, (int) Math.round(read.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(read.getHeight() * scale));
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                try {
                    g.setColor(Color.WHITE); // under any transparency
                    g.fillRect(0, 0, w, h);
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                    g.drawImage(read, 0, 0, w, h, null);
                } finally {
                    g.dispose();
                }
                return out;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageReader reader(ImageInputStream image) {
        if (image == null) {
            return null;
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
        return readers.hasNext() ? readers.next() : null;
    }

    /** A grey square with a play sign (video) or two notes' heads (audio). */
    private static byte[] placeholder(MediaKinds.Kind kind, int box) {
        BufferedImage image = new BufferedImage(box, box, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x44, 0x48, 0x50));
            g.fillRect(0, 0, box, box);
            g.setColor(new Color(0xEE, 0xEE, 0xEE));
            int u = box / 8;
            if (kind == MediaKinds.Kind.VIDEO) {
                g.fillPolygon(new Polygon(new int[] { 3 * u, 3 * u, 6 * u }, new int[] { 2 * u, 6 * u, 4 * u }, 3));
            } else {
                g.fillOval(2 * u, 5 * u, 2 * u, 2 * u);
                g.fillOval(5 * u, 4 * u, 2 * u, 2 * u);
                g.fillRect(4 * u - u / 4, 2 * u, u / 2, 4 * u);
                g.fillRect(7 * u - u / 4, u, u / 2, 4 * u);
            }
        } finally {
            g.dispose();
        }
        return jpeg(image);
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var out = new ByteArrayOutputStream();
        try (var stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
