package dev.mamori.ui;

import java.awt.AWTException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;

/** A tray icon (java.awt.SystemTray) with "Open dashboard" and "Stop Mamori", where the desktop has a tray. */
final class TrayControl {
    private final SystemTray tray;
    private final TrayIcon icon;

    private TrayControl(SystemTray tray, TrayIcon icon) {
        this.tray = tray;
        this.icon = icon;
    }

    /** Installs the icon; null when this platform or session has no system tray. */
    static TrayControl install(String openText, String stopText, Runnable open, Runnable stop) {
        try {
            if (java.awt.GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                return null;
            }
            PopupMenu menu = new PopupMenu();
            MenuItem openItem = new MenuItem(openText);
            openItem.addActionListener(e -> open.run());
            MenuItem stopItem = new MenuItem(stopText);
            stopItem.addActionListener(e -> stop.run());
            menu.add(openItem);
            menu.add(stopItem);
            TrayIcon icon = new TrayIcon(image(), "Mamori", menu);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> open.run());
            SystemTray tray = SystemTray.getSystemTray();
            tray.add(icon);
            return new TrayControl(tray, icon);
        } catch (AWTException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    void remove() {
        tray.remove(icon);
    }

    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x09, 0x69, 0xda));
        g.fillRoundRect(2, 2, 28, 28, 10, 10);
        g.setColor(Color.WHITE);
        g.setFont(g.getFont().deriveFont(java.awt.Font.BOLD, 20f));
        g.drawString("M", 7, 24);
        g.dispose();
        return img;
    }

}
